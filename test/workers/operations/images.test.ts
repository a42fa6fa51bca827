import type http from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../../helpers/gateway.js";
import { fixtureBytes } from "../../helpers/fixtures.js";
import { googleServiceAccount, type GoogleServiceAccount } from "../../helpers/google-token-endpoint.js";
import { admin, eventually, newKey } from "../../helpers/keys.js";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../../helpers/mock-upstream.js";
import { sigV4Problem } from "../../helpers/sigv4-check.js";

// POST /v1/images/generations through the gateway (workerd), driven by the official client's
// images.generate, to loopback mocks of each vendor's image API. Bedrock's mock recomputes the SigV4
// signature; Vertex's token endpoint verifies the service account's JWT; Workers AI answers in binary.
const AWS = { accessKeyId: "AKIDIMAGE4242", secretAccessKey: "image/secret/EXAMPLEKEY", region: "us-west-2" };
const PROJECT = "image-proj";
const PNG = fixtureBytes("workers_ai/sdxl-image.png");
const PNG_B64 = Buffer.from(PNG).toString("base64");
const URL_ANSWER = "https://images.example/img-1.png";
let up: MockUpstream;
let tokens: MockUpstream;
let gw: TestGateway;
let client: OpenAI;
let account: GoogleServiceAccount;
const signed: RecordedRequest[] = [];

/** Each vendor's image API: `count` images for what it was asked. */
function vendor(req: RecordedRequest, res: http.ServerResponse) {
  const p = req.path;
  const body = req.json() as Record<string, any>;
  if (p.startsWith("/openai/") || p.startsWith("/azure/") || p.startsWith("/xai/")) {
    if (String(body.prompt).includes("forbidden"))
      return sendJson(res, 400, {
        error: {
          code: "content_policy_violation",
          message: "Your request was rejected as a result of our safety system.",
          type: "invalid_request_error",
        },
      });
    const gptImage = body.model === "gpt-image-1";
    const n = body.n ?? 1;
    return sendJson(res, 200, {
      created: 1_730_000_000,
      data: Array.from({ length: n }, () =>
        gptImage ? { b64_json: PNG_B64 } : { url: URL_ANSWER, revised_prompt: "revised" },
      ),
      ...(gptImage ? { usage: { input_tokens: 10, output_tokens: 4160, total_tokens: 4170 } } : {}),
    });
  }
  if (p.startsWith("/gemini/") || p.startsWith("/vertex/")) {
    const n = body.parameters.sampleCount as number;
    return sendJson(res, 200, {
      predictions: Array.from({ length: n }, () => ({ bytesBase64Encoded: PNG_B64, mimeType: "image/png" })),
    });
  }
  if (p.startsWith("/bedrock/")) {
    const problem = sigV4Problem(req, AWS);
    if (problem) return sendJson(res, 403, { message: problem }, { "x-amzn-errortype": "InvalidSignatureException" });
    signed.push(req);
    const n = body.imageGenerationConfig.numberOfImages as number;
    return sendJson(res, 200, { images: Array.from({ length: n }, () => PNG_B64), error: null });
  }
  if (p.startsWith("/cf/")) {
    res.writeHead(200, { "content-type": "image/png" });
    res.end(PNG);
    return;
  }
  res.writeHead(404).end("no such vendor");
}

beforeAll(async () => {
  account = googleServiceAccount({ projectId: PROJECT });
  [up, tokens] = await Promise.all([
    startMockUpstream(vendor),
    startMockUpstream((req, res) => account.tokenEndpoint(req, res)),
  ]);
  gw = await startGateway({
    config: configWith(
      `
  - model_name: dalle
    litellm_params: { model: openai/dall-e-3, api_key: sk-openai-secret, api_base: ${up.url}/openai/v1 }
  - model_name: gpt-image
    litellm_params: { model: openai/gpt-image-1, api_key: sk-openai-secret, api_base: ${up.url}/openai/v1 }
  - model_name: grok-image
    litellm_params: { model: xai/grok-2-image-1212, api_key: xai-secret, api_base: ${up.url}/xai/v1 }
  - model_name: azure-dalle
    litellm_params: { model: azure/my-dalle, api_key: az-secret, api_base: ${up.url}/azure, api_version: "2024-10-21" }
    model_info: { base_model: dall-e-3 }
  - model_name: gemini-imagen
    litellm_params: { model: gemini/imagen-4.0-generate-001, api_key: gem-secret, api_base: ${up.url}/gemini }
  - model_name: vertex-imagen
    litellm_params: { model: vertex_ai/imagen-3.0-generate-002, vertex_project: ${PROJECT}, vertex_location: us-central1, vertex_credentials: os.environ/VERTEX_CREDS, api_base: ${up.url}/vertex }
  - model_name: titan-image
    litellm_params: { model: "bedrock/amazon.titan-image-generator-v2:0", aws_access_key_id: ${AWS.accessKeyId}, aws_secret_access_key: os.environ/AWS_SECRET, aws_region_name: ${AWS.region}, api_base: ${up.url}/bedrock }
  - model_name: cf-sdxl
    litellm_params: { model: "workers_ai/@cf/stabilityai/stable-diffusion-xl-base-1.0", api_key: cf-secret, api_base: "${up.url}/cf/client/v4/accounts/acc-1" }
  - model_name: embed-only
    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-openai-secret, api_base: ${up.url}/openai/v1 }`,
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

const cost = (r: Response) => Number(r.headers.get("x-switchyard-response-cost"));

describe("image generation", () => {
  it("openai dall-e-3: the request as sent, URL answers, priced by quality and size", async () => {
    const { data, response } = await client.images
      .generate({ model: "dalle", prompt: "a lighthouse", size: "1024x1792", quality: "hd", style: "natural" })
      .withResponse();
    expect(data.data).toEqual([{ url: URL_ANSWER, revised_prompt: "revised" }]);
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/openai/v1/images/generations");
    expect(sent.headers.authorization).toBe("Bearer sk-openai-secret");
    expect(sent.json()).toEqual({
      model: "dall-e-3",
      prompt: "a lighthouse",
      size: "1024x1792",
      quality: "hd",
      style: "natural",
    });
    expect(cost(response)).toBeCloseTo(0.12, 9);
  });

  it("openai gpt-image-1: b64_json, token usage reported and priced ($5 / $40 per 1M)", async () => {
    const { data, response } = await client.images
      .generate({ model: "gpt-image", prompt: "a fox", quality: "medium" })
      .withResponse();
    expect(data.data?.[0]?.b64_json).toBe(PNG_B64);
    expect(data.usage).toMatchObject({ input_tokens: 10, output_tokens: 4160, total_tokens: 4170 });
    expect(cost(response)).toBeCloseTo((10 * 5 + 4160 * 40) / 1e6, 9);
  });

  const NATIVE: Array<[string, (r: RecordedRequest) => void]> = [
    [
      "azure-dalle",
      (r) => {
        expect(r.path).toBe("/azure/openai/deployments/my-dalle/images/generations?api-version=2024-10-21");
        expect(r.headers["api-key"]).toBe("az-secret");
      },
    ],
    [
      "gemini-imagen",
      (r) => {
        expect(r.path).toBe("/gemini/v1beta/models/imagen-4.0-generate-001:predict");
        expect(r.json()).toEqual({
          instances: [{ prompt: "a cat" }],
          parameters: { sampleCount: 1, aspectRatio: "1:1" },
        });
      },
    ],
    [
      "vertex-imagen",
      (r) => {
        expect(r.path).toBe(
          `/vertex/v1/projects/${PROJECT}/locations/us-central1/publishers/google/models/imagen-3.0-generate-002:predict`,
        );
        expect(r.headers.authorization).toBe(`Bearer ${account.accessToken}`);
        expect(account.exchanges.length).toBeGreaterThan(0);
      },
    ],
    [
      "titan-image",
      (r) => {
        expect(r.path).toBe("/bedrock/model/amazon.titan-image-generator-v2%3A0/invoke");
        expect(signed.at(-1)).toBe(r);
        expect(r.json()).toMatchObject({ taskType: "TEXT_IMAGE", textToImageParams: { text: "a cat" } });
      },
    ],
    [
      "cf-sdxl",
      (r) => {
        expect(r.path).toBe("/cf/client/v4/accounts/acc-1/ai/run/@cf/stabilityai/stable-diffusion-xl-base-1.0");
        expect(r.headers.authorization).toBe("Bearer cf-secret");
        expect(r.json()).toEqual({ prompt: "a cat", width: 1024, height: 1024 });
      },
    ],
  ];

  it.each(NATIVE)(
    "%s: images.generate reaches the vendor's own API and answers as OpenAI does",
    async (model, check) => {
      const res = await client.images.generate({
        model,
        prompt: "a cat",
        size: "1024x1024",
        response_format: "b64_json",
      });
      check(up.requests.at(-1)!);
      if (model === "azure-dalle") expect(res.data?.[0]?.url).toBe(URL_ANSWER);
      else expect(res.data?.[0]?.b64_json).toBe(PNG_B64);
    },
  );

  it("xai: an OpenAI-compatible row's images endpoint", async () => {
    const res = await client.images.generate({ model: "grok-image", prompt: "a cat" });
    expect(up.requests.at(-1)!.path).toBe("/xai/v1/images/generations");
    expect(res.data?.[0]?.url).toBe(URL_ANSWER);
  });

  it("dall-e-3 makes one image a call: n = 3 is three calls, three images, three prices", async () => {
    const before = up.requests.length;
    const { data, response } = await client.images.generate({ model: "dalle", prompt: "a cat", n: 3 }).withResponse();
    const calls = up.requests.slice(before);
    expect(calls.map((c) => (c.json() as { n?: number }).n)).toEqual([1, 1, 1]);
    expect(data.data).toHaveLength(3);
    expect(cost(response)).toBeCloseTo(3 * 0.04, 9);
  });

  it("n past a vendor's per-call maximum is split into calls (Imagen: 4) and priced per image", async () => {
    const before = up.requests.length;
    const { data, response } = await client.images
      .generate({ model: "gemini-imagen", prompt: "a cat", n: 6 })
      .withResponse();
    const calls = up.requests
      .slice(before)
      .map((r) => (r.json() as { parameters: { sampleCount: number } }).parameters);
    expect(calls.map((c) => c.sampleCount).sort()).toEqual([2, 4]);
    expect(data.data).toHaveLength(6);
    expect(cost(response)).toBeCloseTo(6 * 0.04, 9);
  });

  it("refuses what a vendor cannot do, streaming, and models without the operation, with 400s naming it", async () => {
    const cases: Array<[Record<string, unknown>, RegExp, string]> = [
      [{ model: "titan-image", prompt: "x", response_format: "url" }, /base64 only/, "response_format"],
      [{ model: "gemini-imagen", prompt: "x", quality: "hd" }, /"quality"/, "quality"],
      [{ model: "dalle", prompt: "x", stream: true }, /stream/, "stream"],
      [{ model: "dalle", prompt: "" }, /prompt/, "prompt"],
      [{ model: "embed-only", prompt: "x" }, /"embed-only" does not support image generation/, "model"],
    ];
    for (const [body, message, param] of cases) {
      const res = await gw.call("/v1/images/generations", { body });
      expect(res.status).toBe(400);
      const j = (await res.json()) as { error: { message: string; type: string; param: string } };
      expect(j.error.type).toBe("invalid_request_error");
      expect(j.error.message).toMatch(message);
      expect(j.error.param).toBe(param);
    }
  });

  it("a vendor's refusal is mapped and recorded with the operation; the Azure-style path serves too", async () => {
    const err = await client.images
      .generate({ model: "dalle", prompt: "something forbidden" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as { code?: string }).code).toBe("content_policy_violation");
    const requestId = (err as { headers?: Headers }).headers?.get("x-request-id");
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${requestId}`);
      return l.length ? l : undefined;
    }, "the failed request's record");
    expect(log).toMatchObject({
      operation: "imageGeneration",
      call_type: "aimage_generation",
      status_code: 400,
      spend: 0,
    });
    const azureStyle = await gw.call("/openai/deployments/dalle/images/generations", {
      body: { model: "dalle", prompt: "a cat" },
    });
    expect(azureStyle.status).toBe(200);
  });

  it("a virtual key is charged per image and refused before the call once the images would not fit its budget", async () => {
    const k = await newKey(gw, { key_alias: "painter", max_budget: 0.1 });
    const keyed = new OpenAI({ apiKey: k.key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const { response } = await keyed.images.generate({ model: "dalle", prompt: "a cat" }).withResponse();
    expect(cost(response)).toBeCloseTo(0.04, 9);
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(
        gw,
        `/spend/logs?request_id=${response.headers.get("x-request-id")}`,
      );
      return l.length ? l : undefined;
    }, "the spend record");
    expect(log).toMatchObject({ operation: "imageGeneration", spend: 0.04 });
    // $0.04 of $0.10 spent: two hd 1024x1024 images ($0.08 each) would pass it
    const before = up.requests.length;
    const refused = await keyed.images
      .generate({ model: "dalle", prompt: "a cat", n: 2, quality: "hd" })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as { code?: string }).code).toBe("budget_exceeded");
    expect(up.requests.length).toBe(before);
  });
});
