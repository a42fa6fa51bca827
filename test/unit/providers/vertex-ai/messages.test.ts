import { describe, expect, it } from "vitest";
import { vertexMessages } from "../../../../src/providers/vertex-ai/messages.js";
import { sseRawText } from "../../../../src/codecs/messages/sse.js";
import { anthropicErrorOf } from "../../../../src/codecs/messages/error.js";
import { fixtureJson, fixtureText } from "../../../helpers/fixtures.js";
import { nativeContext, nativeInput, readNativeStream } from "../../../helpers/native-messages.js";

const claudeCode = fixtureText("anthropic-messages/claude-code.request.json");
const headers = fixtureJson<Record<string, string>>("anthropic-messages/claude-code.headers.json");
const params = { vertex_credentials: "ya29.test-token", vertex_project: "proj-1", vertex_location: "us-east5" };
const ctx = (opts: { stream?: boolean; fetch?: typeof fetch; params?: Record<string, unknown> } = {}) =>
  nativeContext({
    provider: "vertex_ai",
    model: "claude-sonnet-4-5@20250929",
    params: { ...params, ...opts.params },
    stream: opts.stream,
    fetch: opts.fetch,
  });
const BASE =
  "https://us-east5-aiplatform.googleapis.com/v1/projects/proj-1/locations/us-east5/publishers/anthropic/models";

describe("Vertex AI native Messages (Claude)", () => {
  it("serves Claude models only", () => {
    expect(vertexMessages.supports(ctx().deployment)).toBe(true);
    expect(vertexMessages.supports({ ...ctx().deployment, model: "gemini-2.5-pro" })).toBe(false);
  });

  it("streams through streamRawPredict with the model in the URL and the body otherwise unchanged", async () => {
    const req = await vertexMessages.buildRequest(ctx({ stream: true }), nativeInput(claudeCode, headers));
    expect(req.url).toBe(`${BASE}/claude-sonnet-4-5@20250929:streamRawPredict`);
    const expected = claudeCode
      .replace('  "model": "claude-sonnet-4-5-20250929",\n', "")
      .replace(/\n}\n$/, ',"anthropic_version":"vertex-2023-10-16"\n}\n');
    expect(req.body).toBe(expected);
    expect(req.headers).toEqual({
      "content-type": "application/json",
      authorization: "Bearer ya29.test-token",
      // claude-code-20250219 is a first-party beta Vertex does not take; the others pass.
      "anthropic-beta": "interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14",
    });
  });

  it("uses rawPredict without streaming and keeps an anthropic_version the client set", async () => {
    const body = '{"anthropic_version":"vertex-2024-01-01","model":"g","max_tokens":5,"messages":[]}';
    const req = await vertexMessages.buildRequest(ctx(), nativeInput(body));
    expect(req.url).toBe(`${BASE}/claude-sonnet-4-5@20250929:rawPredict`);
    expect(req.body).toBe('{"anthropic_version":"vertex-2024-01-01","max_tokens":5,"messages":[]}');
    expect(req.headers["anthropic-beta"]).toBeUndefined();
  });

  it("downloads URL images into base64 sources (Vertex rejects URLs)", async () => {
    const seen: string[] = [];
    const fetchStub: typeof fetch = async (url) => {
      seen.push(String(url));
      return new Response(new Uint8Array([1, 2, 3]), { headers: { "content-type": "image/png" } });
    };
    const body = JSON.stringify({
      model: "g",
      max_tokens: 5,
      messages: [
        { role: "user", content: [{ type: "image", source: { type: "url", url: "https://img.example/a.png" } }] },
      ],
    });
    const req = await vertexMessages.buildRequest(ctx({ fetch: fetchStub }), nativeInput(body));
    expect(seen).toEqual(["https://img.example/a.png"]);
    expect(JSON.parse(req.body as string).messages[0].content[0].source).toEqual({
      type: "base64",
      media_type: "image/png",
      data: "AQID",
    });
  });

  it("counts tokens at count-tokens:rawPredict with the model in the body", async () => {
    const req = await vertexMessages.buildCountTokensRequest(ctx(), nativeInput('{"model":"g","messages":[]}'));
    expect(req.url).toBe(`${BASE}/count-tokens:rawPredict`);
    expect(req.body).toBe(
      '{"model":"claude-sonnet-4-5@20250929","messages":[],"anthropic_version":"vertex-2023-10-16"}',
    );
  });

  it("forwards the stream event for event with its usage", () => {
    const sse = fixtureText("anthropic-messages/native.stream.txt");
    const run = readNativeStream(vertexMessages, new TextEncoder().encode(sse));
    expect(run.events.map(sseRawText).join("")).toBe(sse);
    expect(run.usage).toMatchObject({ input_tokens: 312, output_tokens: 87 });
  });

  it("maps Vertex's own errors and Claude's", () => {
    const google = vertexMessages.parseError(ctx(), {
      status: 429,
      headers: new Headers(),
      body: fixtureText("vertex_ai/error-429-quota.json"),
    });
    expect(anthropicErrorOf(google).type).toBe("rate_limit_error");
    const claude = vertexMessages.parseError(ctx(), {
      status: 529,
      headers: new Headers(),
      body: fixtureText("vertex_ai/claude-error-529.json"),
    });
    expect(anthropicErrorOf(claude)).toEqual({ status: 529, type: "overloaded_error" });
  });
});
