import { describe, expect, it } from "vitest";
import { providerNamed } from "../../../../src/providers/all.js";
import type { AiBinding } from "../../../../src/providers/provider.js";
import { whisperInputs } from "../../../../src/providers/workers-ai/transcription.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { jsonBodyOf, operationContext, upstreamError } from "../../../helpers/operation-context.js";
import { transcriptionRequest } from "../../../helpers/transcription-request.js";

const adapter = providerNamed("workers_ai")!.transcription!;

/** An AI binding that records its calls and answers with `out` (or throws it). */
function binding(out: unknown, fail = false) {
  const calls: Array<{ model: string; inputs: Record<string, unknown> }> = [];
  const ai: AiBinding = {
    async run(model, inputs) {
      calls.push({ model, inputs });
      if (fail) throw out;
      return out;
    },
  };
  return { ai, calls };
}

describe("Workers AI Whisper", () => {
  it("hands the binding the audio bytes (whisper) or base64 with language and prompt (turbo)", () => {
    const r = transcriptionRequest({ language: "en", prompt: "foxes" }, 0.01);
    const plain = whisperInputs(r, "@cf/openai/whisper");
    expect(plain).toEqual({ audio: [...r.file.bytes] });
    const turbo = whisperInputs(r, "@cf/openai/whisper-large-v3-turbo");
    expect(turbo).toEqual({
      audio: Buffer.from(r.file.bytes).toString("base64"),
      task: "transcribe",
      language: "en",
      initial_prompt: "foxes",
    });
  });

  it("through the binding: the output rendered as srt from its words, timed by the last word", async () => {
    const { ai, calls } = binding(fixtureJson("workers_ai/whisper.response.json"));
    const ctx = operationContext({
      provider: "workers_ai",
      model: "@cf/openai/whisper",
      request: transcriptionRequest({ response_format: "srt" }),
      bindings: { ai },
    });
    const req = await adapter.buildRequest(ctx);
    const res = await adapter.send!(ctx, req);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.model).toBe("@cf/openai/whisper");
    const out = await adapter.parseResponse(ctx, await res.json());
    expect(out.kind).toBe("text");
    expect(out.body).toMatch(/^1\n00:00:00,000 --> 00:00:00,220\nThe\n\n2\n00:00:00,220 --> 00:00:00,500\nquick\n/);
    expect(out.durationSeconds).toBe(2.4);
  });

  it("a binding failure becomes the error the REST API would send", async () => {
    const { ai } = binding(new Error("5007: No such model @cf/openai/whisperx"), true);
    const ctx = operationContext({
      provider: "workers_ai",
      model: "@cf/openai/whisperx",
      request: transcriptionRequest(),
      bindings: { ai },
    });
    const res = await adapter.send!(ctx, await adapter.buildRequest(ctx));
    expect(res.status).toBe(400);
    const e = adapter.parseError(ctx, { status: res.status, headers: res.headers, body: await res.text() });
    expect(e.status).toBe(404);
    expect(e.code).toBe("model_not_found");
  });

  it("over REST: turbo gets JSON at /ai/run/{model}, the envelope is unwrapped, verbose_json carries language and duration", async () => {
    const ctx = operationContext({
      provider: "workers_ai",
      model: "@cf/openai/whisper-large-v3-turbo",
      request: transcriptionRequest({ response_format: "verbose_json" }),
      params: { api_key: "cf-token", account_id: "acc123" },
    });
    const req = await adapter.buildRequest(ctx);
    expect(req.url).toBe(
      "https://api.cloudflare.com/client/v4/accounts/acc123/ai/run/@cf/openai/whisper-large-v3-turbo",
    );
    expect(req.headers.authorization).toBe("Bearer cf-token");
    expect(jsonBodyOf(req)).toMatchObject({ task: "transcribe" });
    const out = await adapter.parseResponse(ctx, fixtureJson("workers_ai/whisper-turbo.rest.json"));
    expect(out).toMatchObject({
      kind: "json",
      durationSeconds: 2.5,
      body: { task: "transcribe", language: "en", duration: 2.5, text: "The quick brown fox jumps over the lazy dog." },
    });
  });

  it("over REST: plain whisper gets the raw bytes", async () => {
    const ctx = operationContext({
      provider: "workers_ai",
      model: "@cf/openai/whisper",
      request: transcriptionRequest(),
      params: { api_key: "cf-token", api_base: "http://127.0.0.1:9/client/v4/accounts/a" },
    });
    const req = await adapter.buildRequest(ctx);
    expect(req.url).toBe("http://127.0.0.1:9/client/v4/accounts/a/ai/run/@cf/openai/whisper");
    expect(req.headers["content-type"]).toBe("application/octet-stream");
    expect(req.body).toBe(ctx.request.file.bytes);
  });

  it("cannot take language or prompt on plain whisper, and maps Cloudflare's error envelope", () => {
    const d = operationContext({
      provider: "workers_ai",
      model: "@cf/openai/whisper",
      request: transcriptionRequest(),
    }).deployment;
    expect(adapter.unsupportedParams!(d)).toEqual(expect.arrayContaining(["language", "prompt"]));
    const ctx = operationContext({ provider: "workers_ai", model: "m", request: transcriptionRequest() });
    const e = adapter.parseError(ctx, upstreamError(429, fixtureJson("workers_ai/error-429.json")));
    expect(e.status).toBe(429);
  });
});
