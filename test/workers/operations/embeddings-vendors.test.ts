import type http from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../../helpers/gateway.js";
import { googleServiceAccount, type GoogleServiceAccount } from "../../helpers/google-token-endpoint.js";
import { admin, eventually, newKey } from "../../helpers/keys.js";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../../helpers/mock-upstream.js";
import { sigV4Problem } from "../../helpers/sigv4-check.js";

// POST /v1/embeddings through the gateway (workerd), driven by the official client, to loopback mocks of
// every native vendor's embeddings API. Each mock answers vector n = [n, n + 0.5, -n - 1] for the text
// "text n", so order and encoding are checked end to end. Bedrock's mock recomputes each SigV4
// signature; Vertex's token endpoint verifies the service account's signed JWT.
const AWS = { accessKeyId: "AKIDEMBED4242", secretAccessKey: "embed/secret/EXAMPLEKEY", region: "us-east-1" };
const PROJECT = "embed-proj";
let up: MockUpstream;
let tokens: MockUpstream;
let gw: TestGateway;
let client: OpenAI;
let account: GoogleServiceAccount;
/** Bedrock requests whose signature verified. */
const signed: RecordedRequest[] = [];

const vec = (text: string) => {
  const n = Number(/(\d+)$/.exec(text)?.[1] ?? 0);
  return [n, n + 0.5, -n - 1];
};

/** Each vendor's embeddings API, answering for the texts it was sent. */
function vendor(req: RecordedRequest, res: http.ServerResponse) {
  const p = req.path;
  const body = req.json() as Record<string, unknown>;
  if (p.startsWith("/azure/")) {
    const input = typeof body.input === "string" ? [body.input] : (body.input as string[]);
    return sendJson(res, 200, {
      object: "list",
      data: input.map((t, index) => ({ object: "embedding", index, embedding: vec(t) })),
      model: "text-embedding-3-small",
      usage: { prompt_tokens: input.length * 2, total_tokens: input.length * 2 },
    });
  }
  if (p.startsWith("/gemini/")) {
    if (req.headers["x-goog-api-key"] !== "gem-secret")
      return sendJson(res, 400, {
        error: {
          code: 400,
          message: "API key not valid. Please pass a valid API key.",
          status: "INVALID_ARGUMENT",
          details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }],
        },
      });
    const requests = body.requests as Array<{ content: { parts: Array<{ text: string }> } }>;
    return sendJson(res, 200, { embeddings: requests.map((r) => ({ values: vec(r.content.parts[0]!.text) })) });
  }
  if (p.startsWith("/vertex/")) {
    if (req.headers.authorization !== `Bearer ${account.accessToken}`)
      return sendJson(res, 401, { error: { code: 401, message: "bad token", status: "UNAUTHENTICATED" } });
    const instances = body.instances as Array<{ content: string }>;
    return sendJson(res, 200, {
      predictions: instances.map((i) => ({ embeddings: { values: vec(i.content), statistics: { token_count: 3 } } })),
    });
  }
  if (p.startsWith("/bedrock/")) {
    const problem = sigV4Problem(req, AWS);
    if (problem)
      return sendJson(
        res,
        403,
        { message: `The request signature we calculated does not match: ${problem}` },
        { "x-amzn-errortype": "InvalidSignatureException" },
      );
    signed.push(req);
    if (p.includes("titan"))
      return sendJson(res, 200, { embedding: vec(body.inputText as string), inputTextTokenCount: 2 });
    const texts = body.texts as string[];
    return sendJson(
      res,
      200,
      { embeddings: { float: texts.map(vec) }, response_type: "embeddings_by_type" },
      {
        "x-amzn-bedrock-input-token-count": String(texts.length * 4),
      },
    );
  }
  if (p.startsWith("/cohere/")) {
    const texts = body.texts as string[];
    return sendJson(res, 200, {
      embeddings: { float: texts.map(vec) },
      meta: { billed_units: { input_tokens: 3 * texts.length } },
    });
  }
  if (p.startsWith("/ollama/")) {
    const input = body.input as string[];
    return sendJson(res, 200, { model: body.model, embeddings: input.map(vec), prompt_eval_count: 5 * input.length });
  }
  if (p.startsWith("/cf/")) {
    const text = body.text as string[];
    return sendJson(res, 200, { result: { shape: [text.length, 3], data: text.map(vec) }, success: true, errors: [] });
  }
  res.writeHead(404).end("no such vendor");
}

beforeAll(async () => {
  account = googleServiceAccount({ projectId: "key-project" });
  [up, tokens] = await Promise.all([
    startMockUpstream(vendor),
    startMockUpstream((req, res) => account.tokenEndpoint(req, res)),
  ]);
  const aws = `aws_access_key_id: ${AWS.accessKeyId}, aws_secret_access_key: os.environ/AWS_SECRET, aws_region_name: ${AWS.region}, api_base: ${up.url}/bedrock`;
  gw = await startGateway({
    config: configWith(
      `
  - model_name: azure-embed
    litellm_params: { model: azure/text-embedding-3-small, api_key: az-secret, api_base: ${up.url}/azure, api_version: "2024-10-21" }
  - model_name: gemini-embed
    litellm_params: { model: gemini/gemini-embedding-001, api_key: gem-secret, api_base: ${up.url}/gemini }
  - model_name: gemini-bad-key
    litellm_params: { model: gemini/gemini-embedding-001, api_key: gem-wrong, api_base: ${up.url}/gemini }
  - model_name: vertex-embed
    litellm_params: { model: vertex_ai/text-embedding-005, vertex_project: ${PROJECT}, vertex_location: us-central1, vertex_credentials: os.environ/VERTEX_CREDS, api_base: ${up.url}/vertex }
  - model_name: titan-embed
    litellm_params: { model: "bedrock/amazon.titan-embed-text-v2:0", ${aws} }
  - model_name: bedrock-cohere-embed
    litellm_params: { model: bedrock/cohere.embed-english-v3, ${aws} }
  - model_name: cohere-embed
    litellm_params: { model: cohere/embed-v4.0, api_key: co-secret, api_base: ${up.url}/cohere, input_cost_per_token: 0.000001, output_cost_per_token: 0 }
  - model_name: ollama-embed
    litellm_params: { model: ollama/nomic-embed-text, api_base: ${up.url}/ollama }
  - model_name: cf-embed
    litellm_params: { model: "workers_ai/@cf/baai/bge-base-en-v1.5", api_key: cf-secret, api_base: "${up.url}/cf/client/v4/accounts/acc-1" }`,
      "router_settings:\n  num_retries: 0\n",
    ),
    vars: { AWS_SECRET: AWS.secretAccessKey, VERTEX_CREDS: account.credentials(`${tokens.url}/token`) },
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await Promise.all([up?.close(), tokens?.close()]);
});

const TWO = ["text 0", "text 1"];
const EXPECTED = [
  [0, 0.5, -1],
  [1, 1.5, -2],
];

/** What each vendor must have received for TWO: its path, its auth, its body. */
const VENDORS: Array<[string, (r: RecordedRequest) => void]> = [
  [
    "azure-embed",
    (r) => {
      expect(r.path).toBe("/azure/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21");
      expect(r.headers["api-key"]).toBe("az-secret");
      expect(r.json()).toMatchObject({ input: TWO, encoding_format: "base64" });
    },
  ],
  [
    "gemini-embed",
    (r) => {
      expect(r.path).toBe("/gemini/v1beta/models/gemini-embedding-001:batchEmbedContents");
      expect((r.json() as { requests: unknown[] }).requests).toHaveLength(2);
    },
  ],
  [
    "vertex-embed",
    (r) => {
      expect(r.path).toBe(
        `/vertex/v1/projects/${PROJECT}/locations/us-central1/publishers/google/models/text-embedding-005:predict`,
      );
      expect(r.json()).toEqual({ instances: TWO.map((content) => ({ content })) });
    },
  ],
  [
    "bedrock-cohere-embed",
    (r) => {
      expect(r.path).toBe("/bedrock/model/cohere.embed-english-v3/invoke");
      expect(signed.at(-1)).toBe(r);
      expect(r.json()).toEqual({ texts: TWO, input_type: "search_document", embedding_types: ["float"] });
    },
  ],
  [
    "cohere-embed",
    (r) => {
      expect(r.path).toBe("/cohere/v2/embed");
      expect(r.headers.authorization).toBe("Bearer co-secret");
      expect(r.json()).toMatchObject({ model: "embed-v4.0", texts: TWO, input_type: "search_document" });
    },
  ],
  [
    "ollama-embed",
    (r) => {
      expect(r.path).toBe("/ollama/api/embed");
      expect(r.json()).toEqual({ model: "nomic-embed-text", input: TWO });
    },
  ],
  [
    "cf-embed",
    (r) => {
      expect(r.path).toBe("/cf/client/v4/accounts/acc-1/ai/run/@cf/baai/bge-base-en-v1.5");
      expect(r.headers.authorization).toBe("Bearer cf-secret");
      expect(r.json()).toEqual({ text: TWO });
    },
  ],
];

describe("embeddings on native vendors", () => {
  it.each(VENDORS)(
    "%s: the client's default base64 (decoded by the client) and float on request",
    async (model, check) => {
      const b64 = await client.embeddings.create({ model, input: TWO });
      expect(b64.data.map((d) => d.embedding)).toEqual(EXPECTED);
      expect(b64.data.map((d) => d.index)).toEqual([0, 1]);
      expect(b64.usage.prompt_tokens).toBeGreaterThan(0);
      check(up.requests.at(-1)!);
      const floats = await client.embeddings.create({ model, input: "text 7", encoding_format: "float" });
      expect(floats.data).toEqual([{ object: "embedding", index: 0, embedding: [7, 7.5, -8] }]);
    },
  );

  it("vertex: the service account's JWT is exchanged once at its token_uri, then reused", () => {
    expect(account.exchanges).toHaveLength(1);
    expect(account.exchanges[0]!.claims).toMatchObject({
      iss: "gateway@key-project.iam.gserviceaccount.com",
      aud: `${tokens.url}/token`,
    });
  });

  it("titan: one signed InvokeModel call per text, rejoined in order, usage summed", async () => {
    const before = up.requests.length;
    const inputs = ["text 3", "text 1", "text 4", "text 1", "text 5"];
    const res = await client.embeddings.create({ model: "titan-embed", input: inputs, dimensions: 256 });
    const calls = up.requests.slice(before);
    expect(calls).toHaveLength(5);
    for (const c of calls) {
      expect(signed).toContain(c);
      expect(c.path).toBe("/bedrock/model/amazon.titan-embed-text-v2%3A0/invoke");
    }
    expect(calls.map((c) => c.json()).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [...inputs].sort().map((inputText) => ({ inputText, dimensions: 256 })),
    );
    expect(res.data.map((d) => d.embedding)).toEqual(inputs.map(vec));
    expect(res.usage).toEqual({ prompt_tokens: 10, total_tokens: 10 });
  });

  it("token arrays are refused by text-only vendors with a 400 naming input", async () => {
    const err = await client.embeddings.create({ model: "cohere-embed", input: [[1, 2, 3]] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as { param?: string }).param).toBe("input");
  });

  it("a vendor error is mapped, and recorded with the operation", async () => {
    const { response } = await client.embeddings.create({ model: "cohere-embed", input: "x" }).withResponse();
    expect(response.status).toBe(200);
    const err = await client.embeddings.create({ model: "gemini-bad-key", input: "text 1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(String((err as Error).message)).not.toContain("gem-wrong");
    const requestId = (err as { headers?: Headers }).headers?.get("x-request-id");
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${requestId}`);
      return l.length ? l : undefined;
    }, "the failed request's record");
    expect(log).toMatchObject({ operation: "embeddings", call_type: "aembedding", status_code: 401, spend: 0 });
  });

  it("a virtual key's embeddings on a native vendor are priced and recorded, and refused once out of budget", async () => {
    const k = await newKey(gw, { key_alias: "cohere-embedder", max_budget: 0.000005 });
    const keyed = new OpenAI({ apiKey: k.key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const { response } = await keyed.embeddings.create({ model: "cohere-embed", input: ["t2"] }).withResponse();
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.000003, 9);
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(
        gw,
        `/spend/logs?request_id=${response.headers.get("x-request-id")}`,
      );
      return l.length ? l : undefined;
    }, "the spend record");
    expect(log).toMatchObject({ operation: "embeddings", prompt_tokens: 3, spend: 0.000003 });
    // 3 µ$ of 5 spent: a 7-byte input's bound (7 tokens at 1 µ$) no longer fits
    const refused = await keyed.embeddings
      .create({ model: "cohere-embed", input: ["text 77"] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as { code?: string }).code).toBe("budget_exceeded");
  });
});
