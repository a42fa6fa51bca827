import { describe, expect, it } from "vitest";
import { SpeechRequest } from "../../../../src/openai/audio.js";
import { providerNamed } from "../../../../src/providers/all.js";
import { jsonBodyOf, operationContext, upstreamError } from "../../../helpers/operation-context.js";

const adapter = providerNamed("openai")!.speech!;
const ctx = (fields: Record<string, unknown> = {}) =>
  operationContext({
    provider: "openai",
    model: "gpt-4o-mini-tts",
    request: SpeechRequest.parse({ model: "voice", input: "Hello there", voice: "coral", ...fields }),
    params: { api_key: "sk-tts" },
  });

describe("OpenAI speech", () => {
  it("posts the request with the vendor model to {base}/audio/speech", async () => {
    const req = await adapter.buildRequest(ctx({ instructions: "Cheerful", speed: 1.25, metadata: { a: 1 } }));
    expect(req.url).toBe("https://api.openai.com/v1/audio/speech");
    expect(req.headers.authorization).toBe("Bearer sk-tts");
    expect(jsonBodyOf(req)).toEqual({
      model: "gpt-4o-mini-tts",
      input: "Hello there",
      voice: "coral",
      instructions: "Cheerful",
      speed: 1.25,
    });
  });

  it("hands the body through unread, typed by the format asked for", async () => {
    const body = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array([0x49, 0x44, 0x33])) });
    const out = await adapter.parseResponse(
      ctx(),
      new Response(body, { headers: { "content-type": "application/octet-stream" } }),
    );
    expect(out.body).toBe(body);
    expect(out.contentType).toBe("audio/mpeg");
    expect((await adapter.parseResponse(ctx({ response_format: "opus" }), new Response("x"))).contentType).toBe(
      "audio/opus",
    );
    expect((await adapter.parseResponse(ctx({ stream_format: "sse" }), new Response("x"))).contentType).toBe(
      "text/event-stream",
    );
  });

  it("refuses bad input by schema, and maps vendor errors", () => {
    expect(SpeechRequest.safeParse({ model: "m", input: "", voice: "alloy" }).success).toBe(false);
    expect(SpeechRequest.safeParse({ model: "m", input: "x", voice: "alloy", response_format: "ogg" }).success).toBe(
      false,
    );
    const e = adapter.parseError(ctx(), upstreamError(400, { error: { message: "Invalid voice", param: "voice" } }));
    expect(e.status).toBe(400);
    expect(e.param).toBe("voice");
  });
});
