import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureJson } from "../../helpers/fixtures.js";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../../helpers/gateway.js";
import { admin, eventually } from "../../helpers/keys.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";

// Moderations (official client) and LiteLLM's Cohere-shaped rerank through the gateway (workerd)
// to loopback mocks of each vendor, which check the path, the auth and the body they received.
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

/** Each vendor mock answers with its recorded fixture for the path it serves. */
const ANSWERS: Record<string, string> = {
  "/v1/moderations": "openai/moderation.response.json",
  "/cohere/v2/rerank": "cohere/rerank.response.json",
  "/bedrock/rerank": "bedrock/rerank.response.json",
  "/together/v1/rerank": "together_ai/rerank.response.json",
  "/jina/v1/rerank": "jina_ai/rerank.response.json",
  "/voyage/v1/rerank": "voyage/rerank.response.json",
};

beforeAll(async () => {
  up = await startMockUpstream((req, res) => {
    const file = ANSWERS[req.path];
    if (file) sendJson(res, 200, fixtureJson(file));
    else sendJson(res, 404, { error: { message: `no mock for ${req.path}` } });
  });
  gw = await startGateway({
    config: configWith(`
  - model_name: mod
    litellm_params: { model: openai/omni-moderation-latest, api_key: sk-openai-secret, api_base: ${up.url}/v1 }
  - model_name: rr-cohere
    litellm_params: { model: cohere/rerank-v3.5, api_key: co-secret, api_base: ${up.url}/cohere }
  - model_name: rr-bedrock
    litellm_params: { model: bedrock/cohere.rerank-v3-5:0, aws_access_key_id: AKIDEXAMPLE, aws_secret_access_key: bedrock-secret-key, aws_region_name: us-west-2, api_base: ${up.url}/bedrock }
  - model_name: rr-together
    litellm_params: { model: together_ai/Salesforce/Llama-Rank-V1, api_key: tg-secret, api_base: ${up.url}/together/v1 }
  - model_name: rr-jina
    litellm_params: { model: jina_ai/jina-reranker-v2-base-multilingual, api_key: jina-secret, api_base: ${up.url}/jina/v1 }
  - model_name: rr-voyage
    litellm_params: { model: voyage/rerank-2.5, api_key: pa-voyage-secret, api_base: ${up.url}/voyage/v1 }`),
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("moderations", () => {
  it("moderations.create with and without a model (the gateway's one moderation model)", async () => {
    const named = await client.moderations.create({ model: "mod", input: "I will hurt you" });
    expect(named.results[0]!.flagged).toBe(true);
    expect(named.results[0]!.categories.violence).toBe(true);
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/moderations");
    expect(sent.headers.authorization).toBe("Bearer sk-openai-secret");
    expect(sent.json()).toEqual({ model: "omni-moderation-latest", input: "I will hurt you" });
    const { data, response } = await client.moderations.create({ input: ["a", "b"] }).withResponse();
    expect(data.id).toBe("modr-0d9740456c391e43c445bf0f010940c7");
    expect(response.headers.get("x-switchyard-model-group")).toBe("mod");
    const requestId = response.headers.get("x-request-id")!;
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${requestId}`);
      return l.length ? l : undefined;
    }, "the spend record");
    expect(log).toMatchObject({ call_type: "amoderation", operation: "moderation", spend: 0, status_code: 200 });
  });

  it("refuses an empty input with a 400", async () => {
    const err = await client.moderations.create({ model: "mod", input: "" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe("rerank", () => {
  const body = (model: string, extra: Record<string, unknown> = {}) => ({
    model,
    query: "What is the capital of the United States?",
    documents: ["Carson City", "Saipan", "Charlotte Amalie", "Washington, D.C.", "Capital punishment"],
    ...extra,
  });
  const results = async (res: Response) => {
    expect(res.status).toBe(200);
    return (await res.json()) as {
      results: Array<{ index: number; relevance_score: number; document?: { text: string } }>;
      meta: Record<string, unknown>;
    };
  };

  it("Cohere v2: /v2/rerank with the key, priced per search unit", async () => {
    const res = await gw.call("/v1/rerank", { body: body("rr-cohere", { top_n: 3, return_documents: true }) });
    expect(Number(res.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.002, 9);
    const out = await results(res);
    expect(out.results[0]).toEqual({ index: 3, relevance_score: 0.999071, document: { text: "Washington, D.C." } });
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/cohere/v2/rerank");
    expect(sent.headers.authorization).toBe("Bearer co-secret");
    expect(sent.json()).toMatchObject({ model: "rerank-v3.5", top_n: 3 });
    expect(sent.json()).not.toHaveProperty("return_documents");
  });

  it("Bedrock: the Agent Runtime Rerank API, SigV4-signed for the bedrock service", async () => {
    const out = await results(await gw.call("/rerank", { body: body("rr-bedrock", { top_n: 2 }) }));
    expect(out.results).toEqual([
      { index: 1, relevance_score: 0.9871 },
      { index: 0, relevance_score: 0.0213 },
    ]);
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/bedrock/rerank");
    expect(String(sent.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(sent.json()).toMatchObject({
      rerankingConfiguration: {
        bedrockRerankingConfiguration: {
          numberOfResults: 2,
          modelConfiguration: { modelArn: "arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0" },
        },
      },
    });
  });

  it("Together, Jina and Voyage: each in its own shape, answered in Cohere's", async () => {
    const together = await results(await gw.call("/v2/rerank", { body: body("rr-together") }));
    expect(together.results.map((r) => r.index)).toEqual([0, 2]);
    expect(up.requests.at(-1)!.headers.authorization).toBe("Bearer tg-secret");
    const jina = await results(await gw.call("/v1/rerank", { body: body("rr-jina", { top_n: 2 }) }));
    expect(jina.meta).toMatchObject({ billed_units: { total_tokens: 815 } });
    expect(up.requests.at(-1)!.json()).toMatchObject({ model: "jina-reranker-v2-base-multilingual", top_n: 2 });
    const res = await gw.call("/v1/rerank", { body: body("rr-voyage", { top_n: 2 }) });
    // rerank-2.5: $0.05 per 1M tokens, 26 tokens → 1.3 µ$, whole micro-dollars
    expect(res.headers.get("x-switchyard-response-cost")).toBe("0.000001");
    const voyage = await results(res);
    expect(voyage.results.map((r) => r.index)).toEqual([0, 1]);
    expect(up.requests.at(-1)!.json()).toMatchObject({ model: "rerank-2.5", top_k: 2 });
  });

  it("maps a vendor error and never leaks the key", async () => {
    up.handle((_req, res) => sendJson(res, 401, { message: "invalid api token co-secret" }));
    try {
      const res = await gw.call("/v1/rerank", { body: body("rr-cohere") });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain("co-secret");
    } finally {
      up.handle((req, res) => sendJson(res, 200, fixtureJson(ANSWERS[req.path]!)));
    }
  });
});
