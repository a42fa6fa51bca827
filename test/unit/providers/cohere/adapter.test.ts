import { describe, expect, it } from "vitest";
import { providerNamed } from "../../../../src/providers/all.js";
import { cohereAdapter, cohereProvider } from "../../../../src/providers/cohere/index.js";
import { HELLO, makeCtx } from "./context.js";

describe("cohere adapter", () => {
  it("is registered under the cohere prefix, reads COHERE_API_KEY and speaks SSE", () => {
    expect(providerNamed("cohere")?.chat).toBe(cohereAdapter);
    expect(cohereProvider.defaultEnv).toEqual({ api_key: "COHERE_API_KEY", api_base: "COHERE_API_BASE" });
    expect(cohereAdapter.streamFraming).toBe("sse");
  });

  it("declares the OpenAI params Cohere cannot express", () => {
    const d = makeCtx({ request: { messages: HELLO } }).deployment;
    expect([...cohereAdapter.unsupportedParams(d)].sort()).toEqual(["logit_bias", "logprobs", "n", "top_logprobs"]);
  });

  it("posts to api.cohere.com/v2/chat with a Bearer key", async () => {
    const r = await cohereAdapter.buildRequest(makeCtx({ request: { messages: HELLO } }));
    expect(r.url).toBe("https://api.cohere.com/v2/chat");
    expect(r.method ?? "POST").toBe("POST");
    expect(r.headers).toEqual({ "content-type": "application/json", authorization: "Bearer co-test-key" });
    expect(JSON.parse(r.body as string)).toEqual({
      model: "command-a-03-2025",
      messages: [{ role: "user", content: "Hello" }],
      stream: false,
    });
  });

  it("asks for an event stream when streaming", async () => {
    const r = await cohereAdapter.buildRequest(makeCtx({ request: { messages: HELLO, stream: true }, stream: true }));
    expect(r.headers.accept).toBe("text/event-stream");
    expect(JSON.parse(r.body as string).stream).toBe(true);
  });

  it.each([
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787/v2/chat"],
    ["http://127.0.0.1:8787/", "http://127.0.0.1:8787/v2/chat"],
    ["http://127.0.0.1:8787/v2", "http://127.0.0.1:8787/v2/chat"],
    ["https://proxy.example.com/cohere/", "https://proxy.example.com/cohere/v2/chat"],
  ])("honours api_base %s", async (api_base, url) => {
    expect(
      (await cohereAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, params: { api_base } }))).url,
    ).toBe(url);
  });

  it("refuses to send a request without a key, naming the variable to set", async () => {
    expect(() =>
      cohereAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, params: { api_key: undefined } })),
    ).toThrow(/COHERE_API_KEY/);
  });
});
