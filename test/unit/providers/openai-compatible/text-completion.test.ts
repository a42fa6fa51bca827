import { describe, expect, it } from "vitest";
import { TextCompletionRequest } from "../../../../src/openai/completions.js";
import { providerNamed } from "../../../../src/providers/all.js";
import type { ProviderContext } from "../../../../src/providers/provider.js";
import { fixtureJson, fixtureText } from "../../../helpers/fixtures.js";
import { jsonBodyOf, operationContext, upstreamError } from "../../../helpers/operation-context.js";

const ctx = (
  provider: string,
  request: Record<string, unknown>,
  stream = false,
  params: Record<string, unknown> = { api_key: "sk-x" },
) => {
  const c: ProviderContext<TextCompletionRequest> = operationContext({
    provider,
    model: "gpt-3.5-turbo-instruct",
    request: TextCompletionRequest.parse({ model: "instruct", ...request }),
    params,
  });
  c.stream = stream;
  return c;
};

describe("native legacy completions", () => {
  it("OpenAI-compatible rows: {base}/completions, usage asked for on streams", async () => {
    const together = providerNamed("together_ai")!.textCompletion!;
    const req = await together.buildRequest(
      ctx("together_ai", { prompt: "x", stream: true, metadata: { a: 1 } }, true),
    );
    expect(req.url).toBe("https://api.together.xyz/v1/completions");
    expect(jsonBodyOf(req)).toEqual({
      model: "gpt-3.5-turbo-instruct",
      prompt: "x",
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("maps the answer into the gateway's chat shapes, logprobs and fingerprint kept", () => {
    const openai = providerNamed("openai")!.textCompletion!;
    const c = openai.parseResponse(ctx("openai", { prompt: "x" }), fixtureJson("openai/text-completion.response.json"));
    expect(c.choices[0]).toMatchObject({
      index: 0,
      message: { content: "\n\nThis is indeed a test" },
      finish_reason: "length",
    });
    expect(c.choices[0]!.logprobs).toMatchObject({ tokens: ["\n\n", "This", " is", " indeed", " a", " test"] });
    expect(c.system_fingerprint).toBe("fp_44709d6fcb");
  });

  it("maps stream events to chunks and ends on [DONE]", () => {
    const openai = providerNamed("openai")!.textCompletion!;
    const mapper = openai.createStreamMapper(ctx("openai", { prompt: "x" }, true));
    const frames = fixtureText("openai/text-completion.chunks.txt")
      .split("\n\n")
      .filter((f) => f.startsWith("data: "))
      .map((f) => f.slice(6));
    const out = frames.flatMap((data) => mapper.onEvent({ data }));
    expect(out.at(-1)).toBe("done");
    const chunks = out.filter((c) => c !== "done");
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? null)).toEqual(["This", " is a test", "", null]);
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
    expect(() => mapper.onEvent({ data: "{not json" })).toThrow(/invalid stream event/);
  });

  it("Azure: the deployment's /completions, model only in the v1 layout", async () => {
    const azure = providerNamed("azure")!.textCompletion!;
    const classic = await azure.buildRequest(
      ctx("azure", { prompt: "x" }, false, {
        api_key: "az",
        api_base: "https://r.openai.azure.com",
        api_version: "2024-10-21",
      }),
    );
    expect(classic.url).toBe(
      "https://r.openai.azure.com/openai/deployments/gpt-3.5-turbo-instruct/completions?api-version=2024-10-21",
    );
    expect(classic.headers["api-key"]).toBe("az");
    expect(jsonBodyOf(classic)).not.toHaveProperty("model");
    const v1 = await azure.buildRequest(
      ctx("azure", { prompt: "x" }, false, { api_key: "az", api_base: "https://r.openai.azure.com/openai/v1" }),
    );
    expect(v1.url).toBe("https://r.openai.azure.com/openai/v1/completions");
    expect(jsonBodyOf(v1)).toHaveProperty("model", "gpt-3.5-turbo-instruct");
  });

  it("maps a vendor error", () => {
    const openai = providerNamed("openai")!.textCompletion!;
    const e = openai.parseError(
      ctx("openai", { prompt: "x" }),
      upstreamError(404, {
        error: {
          message: "This is a chat model and not supported in the v1/completions endpoint.",
          type: "invalid_request_error",
        },
      }),
    );
    expect(e.status).toBe(404);
    expect(e.message).toContain("not supported in the v1/completions endpoint");
  });
});
