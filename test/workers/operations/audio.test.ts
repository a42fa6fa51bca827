import { createWriteStream } from "node:fs";
import net from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureJson } from "../../helpers/fixtures.js";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../../helpers/gateway.js";
import { admin, eventually } from "../../helpers/keys.js";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../../helpers/mock-upstream.js";
import { makeWav } from "../../helpers/wav.js";

// Audio through the gateway (workerd) to loopback vendor mocks that check what they received,
// driven by the official client: transcriptions (OpenAI, Groq, Azure, Workers AI over REST) and
// speech (OpenAI, Azure) streamed through.
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;
let dir: string;
const WAV = makeWav(2.5);

/** The multipart form the mock received. */
async function formOf(req: RecordedRequest): Promise<FormData> {
  return new Request("http://mock", {
    method: "POST",
    headers: { "content-type": String(req.headers["content-type"]) },
    body: req.raw,
  }).formData();
}

beforeAll(async () => {
  up = await startMockUpstream();
  dir = await mkdtemp(path.join(tmpdir(), "switchyard-audio-"));
  gw = await startGateway({
    config: configWith(
      `
  - model_name: stt
    litellm_params: { model: openai/whisper-1, api_key: sk-openai-secret, api_base: ${up.url}/v1 }
  - model_name: stt-groq
    litellm_params: { model: groq/whisper-large-v3-turbo, api_key: gsk-groq-secret, api_base: ${up.url}/groq/openai/v1 }
  - model_name: stt-azure
    litellm_params: { model: azure/my-whisper, api_key: az-secret, api_base: ${up.url}/azure, api_version: 2024-10-21 }
    model_info: { base_model: whisper-1 }
  - model_name: stt-cf
    litellm_params: { model: workers_ai/@cf/openai/whisper-large-v3-turbo, api_key: cf-token, api_base: ${up.url}/client/v4/accounts/acc }
  - model_name: voice
    litellm_params: { model: openai/tts-1, api_key: sk-openai-secret, api_base: ${up.url}/v1 }
  - model_name: voice-azure
    litellm_params: { model: azure/my-tts, api_key: az-secret, api_base: ${up.url}/azure, api_version: 2024-10-21 }
    model_info: { base_model: tts-1-hd }`,
      "  max_request_size_mb: 0.5\n",
    ),
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("transcriptions", () => {
  it("OpenAI: a real WAV the client uploads reaches the vendor byte for byte, priced per second", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/transcription.verbose.json")));
    const { data, response } = await client.audio.transcriptions
      .create({ model: "stt", file: await toFile(WAV, "hello.wav", { type: "audio/wav" }), language: "en" })
      .withResponse();
    expect(data.text).toBe("The quick brown fox jumps over the lazy dog.");
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.00025, 9);
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/audio/transcriptions");
    expect(sent.headers.authorization).toBe("Bearer sk-openai-secret");
    const form = await formOf(sent);
    expect(form.get("model")).toBe("whisper-1");
    expect(form.get("language")).toBe("en");
    expect(form.get("response_format")).toBe("verbose_json");
    const file = form.get("file") as unknown as File;
    expect(file.name).toBe("hello.wav");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(WAV);
    const requestId = response.headers.get("x-request-id")!;
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${requestId}`);
      return l.length ? l : undefined;
    }, "the spend record");
    expect(log).toMatchObject({ call_type: "atranscription", operation: "transcription", spend: 0.00025 });
  });

  it("Groq: srt passed through as text", async () => {
    const srt = "1\n00:00:00,000 --> 00:00:02,500\nThe quick brown fox.\n\n";
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(srt);
    });
    const out = await client.audio.transcriptions.create({
      model: "stt-groq",
      file: await toFile(WAV, "a.wav"),
      response_format: "srt",
    });
    expect(out).toBe(srt);
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/groq/openai/v1/audio/transcriptions");
    expect(sent.headers.authorization).toBe("Bearer gsk-groq-secret");
  });

  it("Azure: the deployment's path with api-version and the api-key header; verbose_json passed through", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/transcription.verbose.json")));
    const out = await client.audio.transcriptions.create({
      model: "stt-azure",
      file: await toFile(WAV, "a.wav"),
      response_format: "verbose_json",
      timestamp_granularities: ["segment"],
    });
    expect(out.duration).toBe(2.5);
    expect(out.segments?.[0]?.text).toBe(" The quick brown fox jumps over the lazy dog.");
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/azure/openai/deployments/my-whisper/audio/transcriptions?api-version=2024-10-21");
    expect(sent.headers["api-key"]).toBe("az-secret");
    expect((await formOf(sent)).getAll("timestamp_granularities[]")).toEqual(["segment"]);
  });

  it("Workers AI Whisper over REST: the audio as base64, the output rendered as vtt", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("workers_ai/whisper-turbo.rest.json")));
    const out = await client.audio.transcriptions.create({
      model: "stt-cf",
      file: await toFile(WAV, "a.wav"),
      response_format: "vtt",
    });
    expect(out).toBe("WEBVTT\n\n00:00:00.000 --> 00:00:02.400\nThe quick brown fox jumps over the lazy dog.\n");
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/client/v4/accounts/acc/ai/run/@cf/openai/whisper-large-v3-turbo");
    expect(sent.headers.authorization).toBe("Bearer cf-token");
    expect(Buffer.from((sent.json() as { audio: string }).audio, "base64").equals(Buffer.from(WAV))).toBe(true);
  });

  it("refuses a file that is not audio (400) and an upload past the size limit (413), before any upstream call", async () => {
    const before = up.requests.length;
    const notAudio = await client.audio.transcriptions
      .create({ model: "stt", file: await toFile(Buffer.from("%PDF-1.7 not audio"), "talk.mp3") })
      .catch((e: unknown) => e);
    expect(notAudio).toBeInstanceOf(OpenAI.BadRequestError);
    expect((notAudio as InstanceType<typeof OpenAI.APIError>).param).toBe("file");
    // An upload declared past the 0.5 MB limit is refused on its headers, before its body is read; the
    // request is written by hand so no unread body races the response.
    const answer = await new Promise<string>((resolve, reject) => {
      const u = new URL(gw.url);
      let got = "";
      const sock = net.connect(Number(u.port), u.hostname, () =>
        sock.write(
          `POST /v1/audio/transcriptions HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${MASTER_KEY}\r\n` +
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n",
        ),
      );
      sock.on("data", (d: Buffer) => {
        got += d.toString();
        if (got.includes("request_too_large")) {
          sock.destroy();
          resolve(got);
        }
      });
      sock.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(up.requests.length).toBe(before);
  });

  it("maps a vendor error and scrubs the key", async () => {
    up.handle((_req, res) =>
      sendJson(res, 401, {
        error: { message: "Incorrect API key provided: sk-openai-secret", type: "invalid_request_error" },
      }),
    );
    const err = await client.audio.transcriptions
      .create({ model: "stt", file: await toFile(WAV, "a.wav") })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(String((err as Error).message)).not.toContain("sk-openai-secret");
  });
});

describe("speech", () => {
  it("OpenAI: streamed to a file as the vendor sends it; the gateway does not wait for the whole body", async () => {
    const first = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00]);
    const rest = Buffer.alloc(64 * 1024, 7);
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    up.handle(async (_req, res) => {
      res.writeHead(200, { "content-type": "audio/mpeg" });
      res.write(first);
      await released; // the rest only once the client has read the first part
      res.end(rest);
    });
    const response = await client.audio.speech.create({ model: "voice", input: "Hello there", voice: "alloy" });
    expect(response.headers.get("content-type")).toBe("audio/mpeg");
    // tts-1: $15 per 1M characters, 11 characters
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.000165, 9);
    const reader = response.body!.getReader();
    const got = await reader.read();
    expect(Buffer.from(got.value!)).toEqual(first);
    release();
    const file = path.join(dir, "speech.mp3");
    const remaining = new ReadableStream<Uint8Array>({
      async pull(c) {
        const r = await reader.read();
        if (r.done) c.close();
        else c.enqueue(r.value);
      },
    });
    await pipeline(Readable.fromWeb(remaining as NodeWebStream<Uint8Array>), createWriteStream(file));
    expect(Buffer.concat([first, await readFile(file)])).toEqual(Buffer.concat([first, rest]));
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/audio/speech");
    expect(sent.json()).toEqual({ model: "tts-1", input: "Hello there", voice: "alloy" });
  });

  it("Azure: the deployment's audio/speech path, content-type per response_format", async () => {
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(Buffer.from("fLaC-bytes"));
    });
    const response = await client.audio.speech.create({
      model: "voice-azure",
      input: "Hi",
      voice: "nova",
      response_format: "flac",
    });
    expect(response.headers.get("content-type")).toBe("audio/flac");
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe("fLaC-bytes");
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/azure/openai/deployments/my-tts/audio/speech?api-version=2024-10-21");
    expect(sent.headers["api-key"]).toBe("az-secret");
    expect(sent.json()).toEqual({ input: "Hi", voice: "nova", response_format: "flac" });
  });

  it("a client that goes away mid-stream closes the upstream connection", async () => {
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((r) => {
      closed = r;
    });
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "audio/mpeg" });
      res.write(Buffer.alloc(1024, 1));
      // Audio keeps coming and the mock never ends it: only the gateway can close the connection.
      const tick = setInterval(() => res.write(Buffer.alloc(1024, 2)), 100);
      res.on("close", () => {
        clearInterval(tick);
        closed();
      });
    });
    const controller = new AbortController();
    const response = await fetch(`${gw.url}/v1/audio/speech`, {
      method: "POST",
      headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "voice", input: "Long text", voice: "alloy" }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await upstreamClosed;
    expect(up.requests.at(-1)!.path).toBe("/v1/audio/speech");
  });
});
