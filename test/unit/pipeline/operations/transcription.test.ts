import { describe, expect, it } from "vitest";
import type { MemorySpendSink } from "../../../../src/state/memory/spend-sink.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { json, libraryGateway } from "../../../helpers/library-gateway.js";
import { makeWav } from "../../../helpers/wav.js";

const whisper = {
  model_name: "stt",
  litellm_params: { model: "openai/whisper-1", api_key: "sk-up", api_base: "http://up.test/v1" },
};

function upload(fields: Record<string, string | string[]>, file: { bytes: Uint8Array; name: string } | null) {
  const form = new FormData();
  if (file) form.append("file", new Blob([file.bytes]), file.name);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  return form;
}
const wav = (seconds: number) => ({ bytes: makeWav(seconds), name: "speech.wav" });
const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string; param?: string } }).error;

describe("transcriptions", () => {
  it("transcribes an upload and prices the seconds the vendor reports", async () => {
    const gw = libraryGateway({
      models: [whisper],
      answer: () => json(fixtureJson("openai/transcription.verbose.json")),
    });
    const res = await gw.call("/v1/audio/transcriptions", upload({ model: "stt" }, wav(2.5)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      text: "The quick brown fox jumps over the lazy dog.",
      usage: { type: "duration", seconds: 3 },
    });
    // whisper-1: $0.006 a minute = 100 µ$ a second, 2.5 s
    expect(Number(res.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.00025, 9);
    const sent = gw.seen[0]!;
    expect(sent.url).toBe("http://up.test/v1/audio/transcriptions");
    expect(sent.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const file = sent.form!.get("file") as unknown as File;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(makeWav(2.5));
    expect(sent.form!.get("model")).toBe("whisper-1");
  });

  it("falls back to the seconds a WAV header states when the vendor reports none", async () => {
    const gw = libraryGateway({ models: [whisper], answer: () => json({ text: "hi" }) });
    const res = await gw.call("/audio/transcriptions", upload({ model: "stt" }, wav(4)));
    expect(await res.json()).toEqual({ text: "hi" });
    expect(Number(res.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.0004, 9);
  });

  it("answers text formats as plain text", async () => {
    const srt = "1\n00:00:00,000 --> 00:00:01,000\nhi\n";
    const gw = libraryGateway({ models: [whisper], answer: () => new Response(srt) });
    const res = await gw.call("/v1/audio/transcriptions", upload({ model: "stt", response_format: "srt" }, wav(1)));
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe(srt);
  });

  it("refuses a file that is not audio, a missing file, a bad format and a JSON body, naming what is wrong", async () => {
    const gw = libraryGateway({ models: [whisper], answer: () => json({ text: "never" }) });
    const pdf = await gw.call(
      "/v1/audio/transcriptions",
      upload({ model: "stt" }, { bytes: new TextEncoder().encode("%PDF-1.7 ..."), name: "speech.mp3" }),
    );
    expect(pdf.status).toBe(400);
    expect(await errorOf(pdf)).toMatchObject({
      param: "file",
      message: expect.stringMatching(/"speech.mp3" is not audio/),
    });
    const missing = await gw.call("/v1/audio/transcriptions", upload({ model: "stt" }, null));
    expect(await errorOf(missing)).toMatchObject({ param: "file" });
    const format = await gw.call("/v1/audio/transcriptions", upload({ model: "stt", response_format: "docx" }, wav(1)));
    expect(await errorOf(format)).toMatchObject({ param: "response_format" });
    const jsonBody = await gw.call("/v1/audio/transcriptions", { model: "stt", file: "x" });
    expect(jsonBody.status).toBe(400);
    expect((await errorOf(jsonBody)).message).toMatch(/multipart\/form-data/);
    expect(gw.seen).toHaveLength(0);
  });

  it("refuses an upload past the request size limit with a 413, and records it", async () => {
    const gw = libraryGateway({
      models: [whisper],
      answer: () => json({ text: "never" }),
      settings: { general_settings: { master_key: "sk-lib-master-0123456789", max_request_size_mb: 0.01 } },
    });
    const res = await gw.call("/v1/audio/transcriptions", upload({ model: "stt" }, wav(1)));
    expect(res.status).toBe(413);
    expect(gw.seen).toHaveLength(0);
  });

  it("records a failed request with its status and the operation", async () => {
    const gw = libraryGateway({
      models: [whisper],
      answer: () => json(fixtureJson("openai/error-transcription-400.json"), 400),
    });
    const res = await gw.call("/v1/audio/transcriptions", upload({ model: "stt" }, wav(1)));
    expect(res.status).toBe(400);
    await new Promise((r) => setTimeout(r, 0));
    const records = (gw.deps.state.spend as MemorySpendSink).records;
    expect(records.at(-1)).toMatchObject({
      operation: "transcription",
      status: 400,
      cost_micros: 0,
      requested_model: "stt",
    });
  });
});
