import { describe, expect, it } from "vitest";
import {
  ContextWindowExceededError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from "../../../../src/errors/gateway-error.js";
import { ChatCompletion } from "../../../../src/openai/chat-response.js";
import { geminiAdapter } from "../../../../src/providers/gemini/index.js";
import { vertexAdapter } from "../../../../src/providers/vertex-ai/index.js";
import { assemble, runAdapterStream, splitEvery } from "../../../helpers/run-stream.js";
import { HELLO, bodyOf, fixtureJson, fixtureText, makeCtx } from "./context.js";

const TOKEN = "ya29.preissued";
const CLAUDE = "claude-sonnet-4-5@20250929";

function ctxFor(opts: Omit<Parameters<typeof makeCtx>[0], "request"> & { request?: Record<string, unknown> } = {}) {
  return makeCtx({
    ...opts,
    request: opts.request ?? { messages: HELLO },
    params: { vertex_credentials: TOKEN, ...opts.params },
  });
}

function stream(text: string, opts: { model?: string } = {}) {
  const ctx = ctxFor({ model: opts.model, stream: true, request: { messages: HELLO, stream: true } });
  return runAdapterStream({ adapter: vertexAdapter, ctx, input: text, pieces: (b) => splitEvery(b, 7) });
}

function parseError(model: string, status: number, body: string) {
  return vertexAdapter.parseError(ctxFor({ model }), { status, headers: new Headers(), body });
}

describe("vertex_ai gemini: endpoint", () => {
  it("posts to the regional publishers/google endpoint with a Bearer token", async () => {
    const req = await vertexAdapter.buildRequest(ctxFor());
    expect(req.url).toBe(
      "https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent",
    );
    expect(req.headers).toEqual({ "content-type": "application/json", authorization: `Bearer ${TOKEN}` });
  });

  it("streams with streamGenerateContent?alt=sse; location global uses the global host", async () => {
    const req = await vertexAdapter.buildRequest(ctxFor({ stream: true, params: { vertex_location: "global" } }));
    expect(req.url).toBe(
      "https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/google/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
    );
  });

  it("api_base replaces the host and keeps the path (loopback mocks)", async () => {
    const req = await vertexAdapter.buildRequest(
      ctxFor({ params: { api_base: "http://127.0.0.1:9999", vertex_location: "europe-west4" } }),
    );
    expect(req.url).toBe(
      "http://127.0.0.1:9999/v1/projects/my-proj/locations/europe-west4/publishers/google/models/gemini-2.0-flash:generateContent",
    );
  });

  it("defaults the location to us-central1", async () => {
    const req = await vertexAdapter.buildRequest(ctxFor({ params: { vertex_location: undefined } }));
    expect(req.url).toContain(
      "https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/",
    );
  });

  it("sends the same Gemini body as Google AI Studio", async () => {
    const request = {
      messages: [{ role: "system", content: "Be brief" }, ...HELLO],
      temperature: 0.2,
      tools: [{ type: "function", function: { name: "f" } }],
      tool_choice: "required",
    };
    const vertex = bodyOf(await vertexAdapter.buildRequest(ctxFor({ request })));
    const studio = bodyOf(await geminiAdapter.buildRequest(makeCtx({ request, params: { api_key: "k" } })));
    expect(vertex).toEqual(studio);
    expect(vertex.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
  });

  it("declares the Gemini unsupported params for Gemini models and the Claude ones for Claude", () => {
    expect(vertexAdapter.unsupportedParams(ctxFor().deployment)).toEqual(["logit_bias", "logprobs", "top_logprobs"]);
    expect(vertexAdapter.unsupportedParams(ctxFor({ model: CLAUDE }).deployment)).toContain("n");
  });
});

describe("vertex_ai gemini: responses", () => {
  it("maps a Vertex response", () => {
    const c = ChatCompletion.parse(vertexAdapter.parseResponse(ctxFor(), fixtureJson("gemini-text.response.json")));
    expect(c).toMatchObject({
      id: "chatcmpl-gw456",
      model: "gemini-2.0-flash-001",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Bonjour ! Comment puis-je vous aider ?" },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 6, completion_tokens: 10, total_tokens: 16 },
    });
  });

  it("maps a Vertex stream (candidates without index, trailing empty text part)", async () => {
    const { chunks, error } = await stream(fixtureText("gemini-text.chunks.txt"));
    expect(error).toBeUndefined();
    expect(assemble(chunks)).toMatchObject({
      role: "assistant",
      content: "Bonjour ! Comment puis-je vous aider ?",
      finishReason: "stop",
    });
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 6, completion_tokens: 10, total_tokens: 16 });
  });

  it("maps an error event inside the stream with the vertex_ai name", async () => {
    const { error } = await stream(
      'data: {"error":{"code":429,"message":"Resource exhausted.","status":"RESOURCE_EXHAUSTED"}}\r\n\r\n',
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ provider: "vertex_ai", message: "vertex_ai error: Resource exhausted." });
  });

  it.each([
    ["error-429-quota.json", 429, RateLimitError],
    ["error-403-permission.json", 403, PermissionDeniedError],
    ["error-404-model.json", 404, NotFoundError],
  ])("maps %s", (fixture, status, cls) => {
    expect(parseError("gemini-2.0-flash", status, fixtureText(fixture))).toBeInstanceOf(cls);
  });
});

describe("vertex_ai claude", () => {
  it("posts the Anthropic body to publishers/anthropic :rawPredict, model in the URL only", async () => {
    const req = await vertexAdapter.buildRequest(
      ctxFor({ model: CLAUDE, params: { vertex_location: "us-east5" }, request: { messages: HELLO, max_tokens: 100 } }),
    );
    expect(req.url).toBe(
      "https://us-east5-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict",
    );
    expect(req.headers).toEqual({ "content-type": "application/json", authorization: `Bearer ${TOKEN}` });
    const body = bodyOf(req);
    expect(body).toMatchObject({
      anthropic_version: "vertex-2023-10-16",
      messages: [{ role: "user" }],
      max_tokens: 100,
    });
    expect(body).not.toHaveProperty("model");
    expect(body).not.toHaveProperty("stream");
  });

  it("streams with :streamRawPredict and stream: true in the body", async () => {
    const req = await vertexAdapter.buildRequest(
      ctxFor({
        model: CLAUDE,
        stream: true,
        params: { vertex_location: "global" },
        request: { messages: HELLO, stream: true },
      }),
    );
    expect(req.url).toBe(
      "https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict",
    );
    expect(bodyOf(req)).toMatchObject({ stream: true, anthropic_version: "vertex-2023-10-16" });
    expect(bodyOf(req)).not.toHaveProperty("model");
  });

  it("downloads URL images into base64 sources (Vertex rejects URL sources)", async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      seen.push(String(input));
      return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { "content-type": "image/png" } });
    };
    const request = {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is it?" },
            { type: "image_url", image_url: { url: "https://example.com/a.png" } },
          ],
        },
      ],
    };
    const body = bodyOf(await vertexAdapter.buildRequest(ctxFor({ model: CLAUDE, request, fetch })));
    expect(seen).toEqual(["https://example.com/a.png"]);
    expect(JSON.stringify(body)).not.toContain("https://example.com/a.png");
    expect((body.messages as Array<{ content: unknown[] }>)[0]!.content).toContainEqual({
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "iVBORw==" },
    });
  });

  it("maps a Claude response and stream", async () => {
    const c = ChatCompletion.parse(
      vertexAdapter.parseResponse(ctxFor({ model: CLAUDE }), fixtureJson("claude-text.response.json")),
    );
    expect(c.choices[0]).toMatchObject({ message: { content: "Hello from Claude on Vertex!" }, finish_reason: "stop" });
    expect(c.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 9 });
    const { chunks, error } = await stream(fixtureText("claude-text.chunks.txt"), { model: CLAUDE });
    expect(error).toBeUndefined();
    expect(assemble(chunks)).toMatchObject({ content: "Hello from Claude on Vertex!", finishReason: "stop" });
  });

  it("maps Vertex front-end errors (Google-shaped) and model errors (Anthropic-shaped)", () => {
    expect(parseError(CLAUDE, 404, fixtureText("error-404-model.json"))).toBeInstanceOf(NotFoundError);
    expect(parseError(CLAUDE, 429, fixtureText("error-429-quota.json"))).toMatchObject({
      kind: "RateLimitError",
      code: "RESOURCE_EXHAUSTED",
    });
    expect(parseError(CLAUDE, 400, fixtureText("claude-error-400.json"))).toBeInstanceOf(ContextWindowExceededError);
    expect(parseError(CLAUDE, 529, fixtureText("claude-error-529.json"))).toBeInstanceOf(ServiceUnavailableError);
    expect(parseError(CLAUDE, 400, fixtureText("claude-error-400.json")).provider).toBe("vertex_ai");
  });
});
