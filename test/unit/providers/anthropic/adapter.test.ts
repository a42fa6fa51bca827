import { describe, expect, it } from "vitest";
import { providerNamed } from "../../../../src/providers/all.js";
import { anthropicAdapter, anthropicProvider } from "../../../../src/providers/anthropic/index.js";
import type { UpstreamRequest } from "../../../../src/providers/provider.js";
import { HELLO, makeCtx } from "./context.js";

const build = async (opts: Parameters<typeof makeCtx>[0]): Promise<UpstreamRequest> =>
  anthropicAdapter.buildRequest(makeCtx(opts));

describe("anthropic adapter", () => {
  it("is registered under the anthropic prefix", () => {
    expect(providerNamed("anthropic")?.chat).toBe(anthropicAdapter);
  });

  it("reads its key and base from ANTHROPIC_API_KEY / ANTHROPIC_API_BASE and speaks SSE", () => {
    expect(anthropicProvider.defaultEnv).toEqual({ api_key: "ANTHROPIC_API_KEY", api_base: "ANTHROPIC_API_BASE" });
    expect(anthropicAdapter.streamFraming).toBe("sse");
  });

  it("declares the OpenAI params Claude cannot express", () => {
    const d = makeCtx({ request: { messages: HELLO } }).deployment;
    expect([...anthropicAdapter.unsupportedParams(d)].sort()).toEqual([
      "frequency_penalty",
      "logit_bias",
      "logprobs",
      "n",
      "presence_penalty",
      "seed",
      "top_logprobs",
    ]);
  });

  it("posts to api.anthropic.com/v1/messages with x-api-key and anthropic-version", async () => {
    const r = await build({ request: { messages: HELLO } });
    expect(r.url).toBe("https://api.anthropic.com/v1/messages");
    expect(r.method ?? "POST").toBe("POST");
    expect(r.headers).toEqual({
      "content-type": "application/json",
      "x-api-key": "sk-ant-test",
      "anthropic-version": "2023-06-01",
    });
    expect(JSON.parse(r.body as string)).toMatchObject({ model: "claude-sonnet-4-5-20250929", max_tokens: 8192 });
  });

  it.each([
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787/v1/messages"],
    ["http://127.0.0.1:8787/", "http://127.0.0.1:8787/v1/messages"],
    ["http://127.0.0.1:8787/v1", "http://127.0.0.1:8787/v1/messages"],
    ["http://127.0.0.1:8787/v1/", "http://127.0.0.1:8787/v1/messages"],
    ["https://proxy.example.com/anthropic/v1/messages", "https://proxy.example.com/anthropic/v1/messages"],
  ])("honours api_base %s", async (api_base, url) => {
    expect((await build({ request: { messages: HELLO }, params: { api_base } })).url).toBe(url);
  });

  it("asks for no beta by default, and for the ones a body needs", async () => {
    expect((await build({ request: { messages: HELLO } })).headers).not.toHaveProperty("anthropic-beta");
    const ttl = await build({
      request: {
        messages: [
          { role: "user", content: [{ type: "text", text: "x", cache_control: { type: "ephemeral", ttl: "1h" } }] },
        ],
      },
    });
    expect(ttl.headers["anthropic-beta"]).toBe("extended-cache-ttl-2025-04-11");
    const long = await build({ request: { messages: HELLO, max_tokens: 100000 }, model: "claude-3-7-sonnet-20250219" });
    expect(long.headers["anthropic-beta"]).toBe("output-128k-2025-02-19");
  });

  it("refuses to send a request without a key, without echoing secrets", async () => {
    await expect(build({ request: { messages: HELLO }, params: { api_key: undefined } })).rejects.toThrow(
      /ANTHROPIC_API_KEY/,
    );
  });

  it("ends a stream that has message_stop but no message_delta with a stop finish chunk", async () => {
    const ctx = makeCtx({ request: { messages: HELLO, stream: true }, stream: true });
    const m = anthropicAdapter.createStreamMapper(ctx);
    const out = m.onEvent({ event: "message_stop", data: '{"type":"message_stop"}' });
    expect(out).toHaveLength(1);
    const c = out[0];
    expect(c !== "done" && c?.choices[0]?.finish_reason).toBe("stop");
  });
});
