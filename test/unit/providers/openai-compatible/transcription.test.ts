import { describe, expect, it } from "vitest";
import { providerNamed } from "../../../../src/providers/all.js";
import { fixtureJson, fixtureText } from "../../../helpers/fixtures.js";
import { operationContext, upstreamError } from "../../../helpers/operation-context.js";
import { formEntries, transcriptionRequest } from "../../../helpers/transcription-request.js";

const openai = providerNamed("openai")!.transcription!;
const groq = providerNamed("groq")!.transcription!;
const ctx = (provider: string, model: string, fields: Record<string, unknown> = {}) =>
  operationContext({ provider, model, request: transcriptionRequest(fields), params: { api_key: "sk-audio-secret" } });
const answer = (body: unknown, type = "application/json") =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { headers: { "content-type": type } });

describe("OpenAI-compatible transcriptions", () => {
  it("re-sends the upload as multipart with the vendor model; whisper is asked for verbose_json so the duration is known", async () => {
    const c = ctx("openai", "whisper-1", {
      language: "en",
      prompt: "Fox facts",
      temperature: "0.2",
      "timestamp_granularities[]": ["word", "segment"],
      metadata: { team: "a" },
    });
    const req = await openai.buildRequest(c);
    expect(req.url).toBe("https://api.openai.com/v1/audio/transcriptions");
    expect(req.headers).toEqual({ authorization: "Bearer sk-audio-secret" }); // fetch sets the multipart boundary
    expect(req.body).toBeInstanceOf(FormData);
    expect(await formEntries(req.body as FormData)).toEqual([
      ["file", `file:speech.wav:${c.request.file.bytes.length}`],
      ["model", "whisper-1"],
      ["response_format", "verbose_json"],
      ["language", "en"],
      ["prompt", "Fox facts"],
      ["temperature", "0.2"],
      ["timestamp_granularities[]", "word"],
      ["timestamp_granularities[]", "segment"],
    ]);
    const res = await openai.parseResponse(c, answer(fixtureJson("openai/transcription.verbose.json")));
    expect(res).toEqual({
      kind: "json",
      body: { text: "The quick brown fox jumps over the lazy dog.", usage: { type: "duration", seconds: 3 } },
      durationSeconds: 2.5,
    });
  });

  it("answers text from verbose_json, and passes verbose_json through untouched", async () => {
    const text = ctx("groq", "whisper-large-v3-turbo", { response_format: "text" });
    expect(await formEntries((await groq.buildRequest(text)).body as FormData)).toContainEqual([
      "response_format",
      "verbose_json",
    ]);
    expect(await groq.parseResponse(text, answer(fixtureJson("groq/transcription.verbose.json")))).toEqual({
      kind: "text",
      body: " The quick brown fox jumps over the lazy dog.",
      durationSeconds: 2.5,
    });
    const verbose = ctx("groq", "whisper-large-v3", { response_format: "verbose_json" });
    const res = await groq.parseResponse(verbose, answer(fixtureJson("groq/transcription.verbose.json")));
    expect(res.body).toEqual(fixtureJson("groq/transcription.verbose.json"));
  });

  it("passes srt through, timed by its last cue", async () => {
    const c = ctx("openai", "whisper-1", { response_format: "srt" });
    expect(await formEntries((await openai.buildRequest(c)).body as FormData)).toContainEqual([
      "response_format",
      "srt",
    ]);
    const srt = fixtureText("openai/transcription.srt");
    expect(await openai.parseResponse(c, answer(srt, "text/plain"))).toEqual({
      kind: "text",
      body: srt,
      durationSeconds: 2.5,
    });
  });

  it("reads gpt-4o-transcribe's token usage, asking json for text", async () => {
    const c = ctx("openai", "gpt-4o-transcribe", { response_format: "text" });
    expect(await formEntries((await openai.buildRequest(c)).body as FormData)).toContainEqual([
      "response_format",
      "json",
    ]);
    expect(await openai.parseResponse(c, answer(fixtureJson("openai/transcription-gpt-4o.json")))).toEqual({
      kind: "text",
      body: "The quick brown fox jumps over the lazy dog.",
      inputTokens: 42,
      outputTokens: 11,
      durationSeconds: undefined,
    });
  });

  it("maps errors; a non-JSON answer where JSON was asked is a 502", async () => {
    const c = ctx("openai", "whisper-1");
    const e = openai.parseError(c, upstreamError(400, fixtureJson("openai/error-transcription-400.json")));
    expect(e.status).toBe(400);
    expect(e.message).toContain("Invalid file format");
    const g = groq.parseError(ctx("groq", "whisper-9"), upstreamError(404, fixtureJson("groq/error-400-model.json")));
    expect(g.status).toBe(404);
    await expect(openai.parseResponse(c, answer("<html>oops</html>", "text/html"))).rejects.toMatchObject({
      status: 502,
    });
  });
});
