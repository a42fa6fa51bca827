import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../../helpers/gateway.js";
import { admin, eventually, newKey } from "../../helpers/keys.js";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../../helpers/mock-upstream.js";

// POST /v1/embeddings through the gateway (workerd) to loopback OpenAI-style vendors, driven by the official client.
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

/** An OpenAI embeddings answer: vector i is [i, i + 0.5, -i - 1] (floats, or base64 when asked). */
function embeddingsAnswer(req: RecordedRequest) {
  const body = req.json() as { input: string | string[]; encoding_format?: string; model: string };
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const data = inputs.map((_, i) => {
    const v = [i, i + 0.5, -i - 1];
    const embedding =
      body.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
    return { object: "embedding", index: i, embedding };
  });
  return {
    object: "list",
    data,
    model: body.model,
    usage: { prompt_tokens: inputs.length * 3, total_tokens: inputs.length * 3 },
  };
}

beforeAll(async () => {
  up = await startMockUpstream((req, res) => sendJson(res, 200, embeddingsAnswer(req)));
  gw = await startGateway({
    config: configWith(`
  - model_name: embed
    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }
  - model_name: embed-mistral
    litellm_params: { model: mistral/mistral-embed, api_key: sk-mistral-secret, api_base: ${up.url}/mistral/v1, input_cost_per_token: 0.000001, output_cost_per_token: 0 }
  - model_name: chat-only
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }`),
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("embeddings", () => {
  it("serves the client's default (base64, decoded by the client) and float on request", async () => {
    const b64 = await client.embeddings.create({ model: "embed", input: ["a", "b"] });
    expect(b64.data.map((d) => d.embedding)).toEqual([
      [0, 0.5, -1],
      [1, 1.5, -2],
    ]);
    expect(b64.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/embeddings");
    expect(sent.headers.authorization).toBe("Bearer sk-upstream-secret");
    expect(sent.json()).toMatchObject({
      model: "text-embedding-3-small",
      input: ["a", "b"],
      encoding_format: "base64",
    });
    const floats = await client.embeddings.create({ model: "embed", input: "hello", encoding_format: "float" });
    expect(floats.data).toEqual([{ object: "embedding", index: 0, embedding: [0, 0.5, -1] }]);
  });

  it("encodes a vendor's floats as base64 when the client asks, and splits batches past the vendor's limit in order", async () => {
    const inputs = Array.from({ length: 600 }, (_, i) => `text ${i}`);
    const before = up.requests.length;
    const res = await client.embeddings.create({ model: "embed-mistral", input: inputs });
    const calls = up.requests.slice(before);
    expect(calls.map((c) => (c.json() as { input: string[] }).input.length)).toEqual([512, 88]);
    for (const c of calls) expect(c.json()).not.toHaveProperty("encoding_format");
    expect(res.data).toHaveLength(600);
    expect(res.data.map((d) => d.index)).toEqual(inputs.map((_, i) => i));
    // each batch numbers its own vectors from 0; the gateway rejoins them in request order
    expect(res.data[511]!.embedding).toEqual([511, 511.5, -512]);
    expect(res.data[512]!.embedding).toEqual([0, 0.5, -1]);
    expect(res.usage).toEqual({ prompt_tokens: 1800, total_tokens: 1800 });
  });

  it("refuses bad input with OpenAI-shaped 400s naming what is wrong", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ model: "embed", input: "" }, /input/],
      [{ model: "embed", input: [] }, /input/],
      [{ model: "embed", input: 42 }, /input/],
      [{ model: "nope", input: "x" }, /"nope" is not configured/],
      [{ model: "chat-only", input: "x" }, /"chat-only" does not support embeddings/],
    ];
    for (const [body, message] of cases) {
      const res = await gw.call("/v1/embeddings", { body });
      expect(res.status).toBe(400);
      const j = (await res.json()) as { error: { message: string; type: string } };
      expect(j.error.type).toBe("invalid_request_error");
      expect(j.error.message).toMatch(message);
    }
  });

  it("maps a vendor error and scrubs the deployment's key from it", async () => {
    up.handle((_req, res) =>
      sendJson(res, 401, {
        error: { message: "Incorrect API key provided: sk-upstream-secret", type: "invalid_request_error" },
      }),
    );
    try {
      const err = await client.embeddings.create({ model: "embed", input: "x" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(String((err as Error).message)).not.toContain("sk-upstream-secret");
    } finally {
      up.handle((req, res) => sendJson(res, 200, embeddingsAnswer(req)));
    }
  });

  it("records one priced spend record per request, and a key out of budget is refused", async () => {
    const k = await newKey(gw, { key_alias: "embedder", max_budget: 0.000005 });
    const keyed = new OpenAI({ apiKey: k.key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const { response } = await keyed.embeddings.create({ model: "embed-mistral", input: ["x"] }).withResponse();
    const requestId = response.headers.get("x-request-id")!;
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.000003, 9);
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${requestId}`);
      return l.length ? l : undefined;
    }, "the spend record");
    expect(log).toMatchObject({ call_type: "aembedding", operation: "embeddings", prompt_tokens: 3, spend: 0.000003 });
    // 3 µ$ spent of 5: the next request's bound (7 input bytes at 1 µ$/token) no longer fits
    const refused = await keyed.embeddings
      .create({ model: "embed-mistral", input: ["xxxxxxx"] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as { code?: string }).code).toBe("budget_exceeded");
    const failed = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?api_key=${k.key}`);
      return l.length >= 2 ? l : undefined;
    }, "the refused request's record");
    expect(failed.filter((l) => l.status_code === 429)).toHaveLength(1);
  });

  it("/v1/models and /v1/model/info say which operations each group serves", async () => {
    const models = (await (await gw.call("/v1/models")).json()) as { data: Array<{ id: string; mode?: string }> };
    const mode = Object.fromEntries(models.data.map((m) => [m.id, m.mode]));
    expect(mode).toMatchObject({ embed: "embedding", "chat-only": "chat" });
    const info = (await (await gw.call("/v1/model/info")).json()) as {
      data: Array<{ model_name: string; model_info: { mode: string; supported_endpoints: string[] } }>;
    };
    const embed = info.data.find((e) => e.model_name === "embed")!;
    expect(embed.model_info.mode).toBe("embedding");
    expect(embed.model_info.supported_endpoints).toEqual(["/v1/embeddings"]);
    const chatOnly = info.data.find((e) => e.model_name === "chat-only")!;
    expect(chatOnly.model_info.supported_endpoints).toContain("/v1/chat/completions");
    expect(chatOnly.model_info.supported_endpoints).not.toContain("/v1/embeddings");
  });
});
