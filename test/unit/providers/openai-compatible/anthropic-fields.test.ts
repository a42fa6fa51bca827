import { describe, expect, it } from "vitest";
import { parseMessagesRequest } from "../../../../src/anthropic/parse.js";
import { toChatRequest } from "../../../../src/codecs/messages/to-chat-request.js";
import { effortOfBudget } from "../../../../src/providers/openai-compatible/anthropic-fields.js";
import { providerNamed } from "../../../../src/providers/all.js";
import { fixtureText } from "../../../helpers/fixtures.js";
import { bodyOf, providerContext } from "../../../helpers/provider-context.js";

// What an OpenAI-style vendor receives when a Messages request (Claude Code's, a tool loop with signed
// thinking and cache_control) reaches it through the translated path.
const translated = (fixture: string) =>
  toChatRequest(parseMessagesRequest(fixtureText(`anthropic-messages/${fixture}.request.json`))).request as Record<
    string,
    unknown
  >;

const ctxFor = providerContext({
  provider: "openai",
  modelName: "group",
  model: "gpt-4o",
  params: ({ provider, model }) => ({ model: `${provider}/${model}`, api_key: "sk-up", api_base: "http://up/v1" }),
  requestId: "chatcmpl-gw",
});

async function sent(opts: {
  provider: string;
  model: string;
  request: Record<string, unknown>;
  modelInfo?: Record<string, unknown>;
  params?: Record<string, unknown>;
}): Promise<Record<string, unknown>> {
  const ctx = ctxFor({
    provider: opts.provider,
    model: opts.model,
    request: opts.request,
    modelInfo: opts.modelInfo,
    params: opts.params,
  });
  return bodyOf(await providerNamed(opts.provider)!.chat!.buildRequest(ctx));
}

const text = (v: unknown) => JSON.stringify(v);

describe("Anthropic fields on OpenAI-style vendors", () => {
  it("OpenAI: no thinking, cache_control or thinking_blocks reach it; a reasoning model gets the budget as an effort", async () => {
    const request = translated("claude-code");
    const gpt = await sent({ provider: "openai", model: "gpt-4o", request });
    expect(gpt.thinking).toBeUndefined();
    expect(gpt.reasoning_effort).toBeUndefined();
    expect(text(gpt)).not.toContain("cache_control");
    expect(gpt.max_completion_tokens).toBe(32000);
    expect(gpt.user).toBeUndefined(); // Claude Code's metadata.user_id is longer than OpenAI's 64 characters
    expect((await sent({ provider: "openai", model: "gpt-4o", request: translated("tool-loop") })).user).toBe(
      "user-4711",
    );
    const o3 = await sent({ provider: "openai", model: "o3", request });
    expect(o3.reasoning_effort).toBe("high"); // budget 31999
    expect(o3.thinking).toBeUndefined();

    const loop = await sent({ provider: "openai", model: "gpt-5-mini", request: translated("tool-loop") });
    expect(loop.reasoning_effort).toBe("medium"); // budget 2048
    expect(text(loop)).not.toMatch(/thinking_blocks|reasoning_content|cache_control|signature/);
    expect(loop.tool_choice).toBe("required");
  });

  it("the client's own reasoning_effort wins over thinking; thinking disabled sends no effort", async () => {
    const own = { ...translated("tool-loop"), reasoning_effort: "low" };
    expect((await sent({ provider: "openai", model: "o4-mini", request: own })).reasoning_effort).toBe("low");
    const off = { ...translated("tool-loop"), thinking: { type: "disabled" } };
    const body = await sent({ provider: "openai", model: "o4-mini", request: off });
    expect(body.reasoning_effort).toBeUndefined();
    expect(body.thinking).toBeUndefined();
  });

  it("model_info marks a reasoning model the name does not (an Azure deployment by base_model or supports_reasoning)", async () => {
    const request = translated("tool-loop");
    const azure = { api_base: "https://x.openai.azure.com", api_version: "2024-10-21" };
    const byBase = await sent({
      provider: "azure",
      model: "my-deployment",
      request,
      params: azure,
      modelInfo: { base_model: "o4-mini" },
    });
    expect(byBase.reasoning_effort).toBe("medium");
    expect(text(byBase)).not.toContain("cache_control");
    const flagged = await sent({
      provider: "groq",
      model: "some-new-model",
      request,
      modelInfo: { supports_reasoning: true },
    });
    expect(flagged.reasoning_effort).toBe("medium");
    expect((await sent({ provider: "groq", model: "llama-3.3-70b", request })).reasoning_effort).toBeUndefined();
  });

  it("vendors that know only max_tokens get it under that name; OpenRouter keeps cache_control; DeepSeek keeps reasoning_content", async () => {
    const request = translated("tool-loop");
    const mistral = await sent({ provider: "mistral", model: "mistral-large-latest", request });
    expect(mistral.max_tokens).toBe(4096);
    expect(mistral.max_completion_tokens).toBeUndefined();
    const router = await sent({ provider: "openrouter", model: "anthropic/claude-sonnet-4.5", request });
    expect(text(router)).toContain("cache_control");
    expect(text(router)).not.toContain("thinking_blocks");
    const deepseek = await sent({ provider: "deepseek", model: "deepseek-reasoner", request });
    const assistant = (deepseek.messages as Array<Record<string, unknown>>).find((m) => m.role === "assistant")!;
    expect(assistant.reasoning_content).toBeTypeOf("string");
    expect(assistant.thinking_blocks).toBeUndefined();
  });

  it("a request without Anthropic fields goes out as it came", async () => {
    const request = { messages: [{ role: "user", content: "hi" }], max_completion_tokens: 9, temperature: 0.2 };
    const body = await sent({ provider: "openai", model: "gpt-4o", request });
    expect(body).toEqual({ model: "gpt-4o", ...request });
  });

  it("budgets map onto efforts as the inverse of the Claude adapter's effort budgets", () => {
    expect([undefined, 1024, 1025, 2048, 2049, 31999].map(effortOfBudget)).toEqual([
      "medium",
      "low",
      "medium",
      "medium",
      "high",
      "high",
    ]);
  });
});
