import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BadRequestError,
  embedding,
  imageGeneration,
  moderation,
  rerank,
  speech,
  textCompletion,
  transcription,
} from "../../../src/index.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";
import { makeWav } from "../../helpers/wav.js";

// Library calls of the non-chat operations in plain Node, against a loopback OpenAI-style host.
let up: MockUpstream;
beforeAll(async () => {
  up = await startMockUpstream();
});
afterAll(async () => {
  await up?.close();
});

describe("embedding()", () => {
  it("returns OpenAI's embeddings shape, floats by default", async () => {
    up.handle((_req, res) =>
      sendJson(res, 200, {
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.5, -0.25] }],
        model: "text-embedding-3-small",
        usage: { prompt_tokens: 2, total_tokens: 2 },
      }),
    );
    const r = await embedding({
      model: "openai/text-embedding-3-small",
      api_key: "sk-lib",
      api_base: `${up.url}/v1`,
      input: "hi",
    });
    expect(r.data[0]!.embedding).toEqual([0.5, -0.25]);
    expect(r.usage.prompt_tokens).toBe(2);
    expect(up.requests.at(-1)!.path).toBe("/v1/embeddings");
  });

  it("refuses bad input with the gateway's error class", async () => {
    await expect(embedding({ model: "openai/text-embedding-3-small", api_key: "k", input: "" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });
});

describe("imageGeneration()", () => {
  it("returns OpenAI's images shape", async () => {
    up.handle((_req, res) => sendJson(res, 200, { created: 1, data: [{ b64_json: "aGk=" }] }));
    const r = await imageGeneration({
      model: "openai/gpt-image-1",
      api_key: "sk-lib",
      api_base: `${up.url}/v1`,
      prompt: "a lighthouse",
    });
    expect(r.data[0]!.b64_json).toBe("aGk=");
    expect(up.requests.at(-1)!.path).toBe("/v1/images/generations");
  });
});

describe("moderation(), rerank(), textCompletion()", () => {
  it("moderation() returns OpenAI's moderation shape", async () => {
    up.handle((_req, res) =>
      sendJson(res, 200, {
        id: "modr-1",
        model: "omni-moderation-latest",
        results: [{ flagged: true, categories: { violence: true }, category_scores: { violence: 0.91 } }],
      }),
    );
    const r = await moderation({
      model: "openai/omni-moderation-latest",
      api_key: "k",
      api_base: `${up.url}/v1`,
      input: "x",
    });
    expect(r.results[0]!.flagged).toBe(true);
    expect(up.requests.at(-1)!.path).toBe("/v1/moderations");
  });

  it("rerank() ranks documents through Cohere's v2 API", async () => {
    up.handle((_req, res) =>
      sendJson(res, 200, {
        id: "rr-1",
        results: [
          { index: 1, relevance_score: 0.9 },
          { index: 0, relevance_score: 0.1 },
        ],
        meta: { billed_units: { search_units: 1 } },
      }),
    );
    const r = await rerank({
      model: "cohere/rerank-v3.5",
      api_key: "k",
      api_base: up.url,
      query: "capital of France",
      documents: ["Berlin", "Paris"],
    });
    expect(r.results.map((x) => x.index)).toEqual([1, 0]);
    expect(up.requests.at(-1)!.path).toBe("/v2/rerank");
    expect(up.requests.at(-1)!.json()).toMatchObject({ model: "rerank-v3.5", query: "capital of France" });
  });

  it("textCompletion() passes a completion model natively", async () => {
    up.handle((_req, res) =>
      sendJson(res, 200, {
        id: "cmpl-1",
        object: "text_completion",
        created: 1,
        model: "gpt-3.5-turbo-instruct",
        choices: [{ index: 0, text: " world", finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
    const r = await textCompletion({
      model: "openai/gpt-3.5-turbo-instruct",
      api_key: "k",
      api_base: `${up.url}/v1`,
      prompt: "hello",
    });
    expect(r.choices[0]!.text).toBe(" world");
    expect(up.requests.at(-1)!.path).toBe("/v1/completions");
  });
});

describe("transcription() and speech()", () => {
  it("transcription() uploads the audio as multipart and returns the JSON answer", async () => {
    up.handle((_req, res) => sendJson(res, 200, { text: "hello there" }));
    const r = await transcription({
      model: "openai/whisper-1",
      api_key: "k",
      api_base: `${up.url}/v1`,
      file: new Blob([makeWav(1)], { type: "audio/wav" }),
      filename: "a.wav",
      language: "en",
    });
    expect(r).toEqual({ text: "hello there" });
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/audio/transcriptions");
    expect(sent.raw.toString("latin1")).toContain('name="language"');
  });

  it("a file that is not audio is refused before any call", async () => {
    const before = up.requests.length;
    await expect(
      transcription({
        model: "openai/whisper-1",
        api_key: "k",
        api_base: `${up.url}/v1`,
        file: new Blob(["not audio"]),
      }),
    ).rejects.toBeInstanceOf(BadRequestError);
    expect(up.requests.length).toBe(before);
  });

  it("speech() streams the vendor's audio bytes", async () => {
    const audio = Buffer.from("ID3-fake-mp3-bytes");
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "audio/mpeg" });
      res.end(audio);
    });
    const stream = await speech({
      model: "openai/tts-1",
      api_key: "k",
      api_base: `${up.url}/v1`,
      input: "hi",
      voice: "alloy",
    });
    const bytes = Buffer.from(await new Response(stream).arrayBuffer());
    expect(bytes.equals(audio)).toBe(true);
    expect(up.requests.at(-1)!.path).toBe("/v1/audio/speech");
  });
});
