import { describe, expect, it } from "vitest";
import { providerNamed } from "../../../../src/providers/all.js";
import { ollamaAdapter, ollamaProvider } from "../../../../src/providers/ollama/index.js";
import { HELLO, makeCtx } from "./context.js";

describe("ollama adapter", () => {
  it("is one adapter registered as both ollama and ollama_chat, speaking NDJSON", () => {
    expect(providerNamed("ollama")?.chat).toBe(ollamaAdapter);
    expect(providerNamed("ollama_chat")?.chat).toBe(ollamaAdapter);
    expect(ollamaAdapter.streamFraming).toBe("ndjson");
    expect(ollamaProvider.defaultEnv).toEqual({ api_base: "OLLAMA_API_BASE", api_key: "OLLAMA_API_KEY" });
  });

  it("declares the OpenAI params Ollama cannot express", () => {
    const d = makeCtx({ request: { messages: HELLO } }).deployment;
    expect([...ollamaAdapter.unsupportedParams(d)].sort()).toEqual(["logit_bias", "logprobs", "n", "top_logprobs"]);
  });

  it("posts to a local Ollama's /api/chat by default, without auth", async () => {
    for (const provider of ["ollama", "ollama_chat"]) {
      const r = await ollamaAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, provider }));
      expect(r.url).toBe("http://localhost:11434/api/chat");
      expect(r.headers).toEqual({ "content-type": "application/json" });
      expect(JSON.parse(r.body as string)).toEqual({
        model: "qwen3:8b",
        messages: [{ role: "user", content: "Hello" }],
        stream: false,
      });
    }
  });

  it.each([
    ["http://127.0.0.1:11434", "http://127.0.0.1:11434/api/chat"],
    ["http://127.0.0.1:11434/", "http://127.0.0.1:11434/api/chat"],
    ["http://127.0.0.1:11434/api", "http://127.0.0.1:11434/api/chat"],
    ["https://gpu-box.example.com/ollama/", "https://gpu-box.example.com/ollama/api/chat"],
  ])("honours api_base %s", async (api_base, url) => {
    expect(
      (await ollamaAdapter.buildRequest(makeCtx({ request: { messages: HELLO }, params: { api_base } }))).url,
    ).toBe(url);
  });

  it("sends a configured api_key as a Bearer token", async () => {
    const r = await ollamaAdapter.buildRequest(
      makeCtx({ request: { messages: HELLO }, params: { api_key: "ollama-key" } }),
    );
    expect(r.headers.authorization).toBe("Bearer ollama-key");
  });

  it("always says whether to stream (Ollama streams unless told not to)", async () => {
    const r = await ollamaAdapter.buildRequest(makeCtx({ request: { messages: HELLO, stream: true }, stream: true }));
    expect(JSON.parse(r.body as string).stream).toBe(true);
  });
});
