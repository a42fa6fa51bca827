import { describe, expect, it } from "vitest";
import { azureUrl } from "../../../../src/providers/azure/url.js";
import { azureAdapter } from "../../../../src/providers/azure/index.js";
import { openAICompatibleAdapter } from "../../../../src/providers/openai-compatible/index.js";
import { VENDORS } from "../../../../src/providers/openai-compatible/vendors.js";
import { providerNamed } from "../../../../src/providers/all.js";
import type { ProviderContext } from "../../../../src/providers/provider.js";
import type { Deployment } from "../../../../src/providers/deployment.js";
import { fixtureJson, fixtureText } from "../../../helpers/fixtures.js";

function ctx(d: Partial<Deployment> & { params: Deployment["params"] }, stream = false): ProviderContext {
  return {
    deployment: {
      id: "d",
      modelName: "g",
      provider: "openai",
      model: "gpt-4o",
      modelInfo: {},
      adapter: providerNamed(d.provider ?? "openai")!,
      ...d,
    },
    request: {
      model: "g",
      messages: [{ role: "user", content: "hi" }],
      stream,
      stream_options: { include_usage: false },
    },
    stream,
    fetch,
    now: () => 1_700_000_000_000,
    requestId: "chatcmpl-gw",
    cache: new Map(),
    bindings: {},
  };
}

describe("vendor rows", () => {
  it("every vendor of the issue has a row with a default base URL or a required api_base", () => {
    const names = VENDORS.map((v) => v.name);
    for (const n of [
      "openai",
      "groq",
      "together_ai",
      "fireworks_ai",
      "deepseek",
      "mistral",
      "perplexity",
      "xai",
      "openrouter",
      "hosted_vllm",
      "nvidia_nim",
      "lm_studio",
    ]) {
      expect(names).toContain(n);
    }
  });

  it("builds the vendor URL and bearer auth, and always asks for stream usage where supported", async () => {
    const groq = openAICompatibleAdapter(VENDORS.find((v) => v.name === "groq")!);
    const r = await groq.buildRequest(
      ctx(
        {
          provider: "groq",
          model: "llama-3.3-70b-versatile",
          params: { model: "groq/llama-3.3-70b-versatile", api_key: "gsk" },
        },
        true,
      ),
    );
    expect(r.url).toBe("https://api.groq.com/openai/v1/chat/completions");
    expect(r.headers.authorization).toBe("Bearer gsk");
    expect(JSON.parse(r.body as string)).toMatchObject({
      model: "llama-3.3-70b-versatile",
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("needs api_base for self-hosted vendors and names the setting", async () => {
    const vllm = openAICompatibleAdapter(VENDORS.find((v) => v.name === "hosted_vllm")!);
    expect(() => vllm.buildRequest(ctx({ provider: "hosted_vllm", params: { model: "hosted_vllm/x" } }))).toThrow(
      /needs api_base/,
    );
  });

  it("maps OpenAI error bodies, keeping code and retry-after", () => {
    const openai = openAICompatibleAdapter(VENDORS[0]!);
    const e = openai.parseError(ctx({ params: { model: "openai/gpt-4o" } }), {
      status: 429,
      headers: new Headers({ "retry-after-ms": "1500" }),
      body: fixtureText("openai/error-rate-limit.json"),
    });
    expect(e.kind).toBe("RateLimitError");
    expect(e.retryAfter).toBe(1.5);
    expect(e.code).toBe("rate_limit_exceeded");
    const cw = openai.parseError(ctx({ params: { model: "openai/gpt-4o" } }), {
      status: 400,
      headers: new Headers(),
      body: fixtureText("openai/error-context-length.json"),
    });
    expect(cw.kind).toBe("ContextWindowExceededError");
    const html = openai.parseError(ctx({ params: { model: "openai/gpt-4o" } }), {
      status: 502,
      headers: new Headers(),
      body: "<html>Bad gateway</html>",
    });
    expect(html.status).toBe(502);
    expect(html.message).toContain("Bad gateway");
  });

  it("passes a completion through, filling only what a vendor left out", () => {
    const openai = openAICompatibleAdapter(VENDORS[0]!);
    const body = fixtureJson<Record<string, unknown>>("openai/chat-completion.json");
    expect(openai.parseResponse(ctx({ params: { model: "openai/gpt-4o" } }), structuredClone(body))).toEqual(body);
    const bare = openai.parseResponse(ctx({ params: { model: "openai/gpt-4o" } }), {
      choices: [{ index: 0, message: { role: "assistant", content: "x" }, finish_reason: "stop" }],
    });
    expect(bare).toMatchObject({
      id: "chatcmpl-gw",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "gpt-4o",
    });
  });
});

describe("azure", () => {
  it("uses the deployment URL layout with api-version, or the v1 layout", () => {
    expect(azureUrl("https://r.openai.azure.com/", "my-gpt4o", "2024-10-21").url).toBe(
      "https://r.openai.azure.com/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21",
    );
    expect(azureUrl("https://r.openai.azure.com", "m", "v1")).toEqual({
      url: "https://r.openai.azure.com/openai/v1/chat/completions",
      v1: true,
    });
    expect(azureUrl("https://r.openai.azure.com/openai/v1", "m").url).toBe(
      "https://r.openai.azure.com/openai/v1/chat/completions",
    );
  });

  it("authenticates with the api-key header and omits the model in the classic layout", async () => {
    const r = await azureAdapter.buildRequest(
      ctx({
        provider: "azure",
        model: "my-gpt4o",
        params: {
          model: "azure/my-gpt4o",
          api_key: "az-key",
          api_base: "https://r.openai.azure.com",
          api_version: "2024-10-21",
        },
      }),
    );
    expect(r.headers["api-key"]).toBe("az-key");
    expect(r.headers.authorization).toBeUndefined();
    expect(JSON.parse(r.body as string)).not.toHaveProperty("model");
  });

  it("maps the content filter to a content-policy violation", () => {
    const e = azureAdapter.parseError(ctx({ params: { model: "azure/x" } }), {
      status: 400,
      headers: new Headers(),
      body: fixtureText("azure/error-content-filter.json"),
    });
    expect(e.kind).toBe("ContentPolicyViolationError");
    expect(e.message).toContain("content management policy");
  });
});
