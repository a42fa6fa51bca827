import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureJson } from "../../helpers/fixtures.js";
import { configWith, startGateway, type TestGateway } from "../../helpers/gateway.js";
import { admin, eventually, newKey } from "../../helpers/keys.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";
import { makeWav } from "../../helpers/wav.js";

// Budgets and spend records on the audio, moderation, rerank and legacy completion endpoints:
// a key out of budget is refused on each, and every request, failed ones included, leaves a record.
let up: MockUpstream;
let gw: TestGateway;
let failing = false;

const ANSWERS: Record<string, () => unknown> = {
  "/v1/audio/transcriptions": () => fixtureJson("openai/transcription.verbose.json"),
  "/v1/moderations": () => fixtureJson("openai/moderation.response.json"),
  "/cohere/v2/rerank": () => fixtureJson("cohere/rerank.response.json"),
  "/v1/completions": () => fixtureJson("openai/text-completion.response.json"),
};

beforeAll(async () => {
  up = await startMockUpstream((req, res) => {
    if (failing) return sendJson(res, 500, { error: { message: "upstream is down", type: "server_error" } });
    if (req.path === "/v1/audio/speech") {
      res.writeHead(200, { "content-type": "audio/mpeg" });
      res.end(Buffer.from([0x49, 0x44, 0x33]));
      return;
    }
    const answer = ANSWERS[req.path];
    if (answer) return sendJson(res, 200, answer());
    sendJson(res, 404, { error: { message: `no mock for ${req.path}` } });
  });
  gw = await startGateway({
    config: configWith(`
  - model_name: stt
    litellm_params: { model: openai/whisper-1, api_key: sk-up, api_base: ${up.url}/v1 }
  - model_name: voice
    litellm_params: { model: openai/tts-1, api_key: sk-up, api_base: ${up.url}/v1 }
  - model_name: mod
    litellm_params: { model: openai/omni-moderation-latest, api_key: sk-up, api_base: ${up.url}/v1 }
  - model_name: rr
    litellm_params: { model: cohere/rerank-v3.5, api_key: co, api_base: ${up.url}/cohere }
  - model_name: instruct
    litellm_params: { model: openai/gpt-3.5-turbo-instruct, api_key: sk-up, api_base: ${up.url}/v1 }`),
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

/** One request to each endpoint with the given key; the responses' status and request id. */
async function everyEndpoint(key: string): Promise<Array<{ op: string; status: number; requestId: string }>> {
  const headers = { authorization: `Bearer ${key}` };
  const form = new FormData();
  form.append("model", "stt");
  form.append("file", new Blob([makeWav(1)]), "a.wav");
  const calls: Array<[string, Promise<Response>]> = [
    ["transcription", fetch(`${gw.url}/v1/audio/transcriptions`, { method: "POST", headers, body: form })],
    ["speech", gw.call("/v1/audio/speech", { headers, body: { model: "voice", input: "Hi", voice: "alloy" } })],
    ["moderation", gw.call("/v1/moderations", { headers, body: { model: "mod", input: "hi" } })],
    ["rerank", gw.call("/v1/rerank", { headers, body: { model: "rr", query: "q", documents: ["a", "b"] } })],
    [
      "textCompletion",
      gw.call("/v1/completions", { headers, body: { model: "instruct", prompt: "x", max_tokens: 5 } }),
    ],
  ];
  const out = [];
  for (const [op, p] of calls) {
    const res = await p;
    await res.arrayBuffer();
    out.push({ op, status: res.status, requestId: res.headers.get("x-request-id")! });
  }
  return out;
}

async function recordOf(requestId: string): Promise<Record<string, unknown>> {
  const [log] = await eventually(async () => {
    const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${requestId}`);
    return l.length ? l : undefined;
  }, `the spend record of ${requestId}`);
  return log!;
}

describe("budgets and spend records on every endpoint", () => {
  it("a key whose budget is used up is refused on each endpoint, before any upstream call, and each refusal is recorded", async () => {
    const k = await newKey(gw, { key_alias: "broke", max_budget: 0 });
    const before = up.requests.length;
    const results = await everyEndpoint(k.key);
    expect(results.map((r) => [r.op, r.status])).toEqual([
      ["transcription", 429],
      ["speech", 429],
      ["moderation", 429],
      ["rerank", 429],
      ["textCompletion", 429],
    ]);
    expect(up.requests.length).toBe(before);
    for (const r of results)
      expect(await recordOf(r.requestId)).toMatchObject({ operation: r.op, status_code: 429, key_alias: "broke" });
  });

  it("spend is charged and then the key runs out (transcription priced per second)", async () => {
    const k = await newKey(gw, { key_alias: "stt-budget", max_budget: 0.0003 });
    const client = new OpenAI({ apiKey: k.key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const file = await toFile(makeWav(2.5), "a.wav");
    await client.audio.transcriptions.create({ model: "stt", file });
    // 250 µ$ of 300 spent: the next 2.5 s (bound 250 µ$) no longer fits
    const refused = await client.audio.transcriptions
      .create({ model: "stt", file: await toFile(makeWav(2.5), "b.wav") })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as InstanceType<typeof OpenAI.RateLimitError>).code).toBe("budget_exceeded");
  });

  it("successful and failed requests each leave one record with their operation and status", async () => {
    const ok = await everyEndpoint("sk-test-master-0123456789");
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    failing = true;
    let failed: Awaited<ReturnType<typeof everyEndpoint>>;
    try {
      failed = await everyEndpoint("sk-test-master-0123456789");
    } finally {
      failing = false;
    }
    expect(failed.map((r) => r.status)).toEqual([500, 500, 500, 500, 500]);
    for (const r of [...ok, ...failed]) {
      const rec = await recordOf(r.requestId);
      expect(rec).toMatchObject({ operation: r.op, status_code: r.status });
    }
    expect((await recordOf(ok[0]!.requestId)).spend).toBeCloseTo(0.00025, 9); // whisper-1, 2.5 s reported
    expect((await recordOf(ok[1]!.requestId)).spend).toBeCloseTo(0.00003, 9); // tts-1, 2 characters
  });
});
