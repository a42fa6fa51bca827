import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../helpers/gateway.js";
import { admin, eventually, newKey, replyJson, usage } from "../helpers/keys.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";

// What a request's own fields can and cannot do: fallbacks within the key's models, LiteLLM's test
// parameters, LiteLLM's response headers, client ids, and malformed gateway fields.
let up: MockUpstream;
let gw: TestGateway;
let strict: TestGateway;

/** The mock answers per path: /primary fails with a 500, everything else succeeds. */
function handler() {
  up.handle((req, res) => {
    if (req.path.startsWith("/primary")) return sendJson(res, 500, { error: { message: "primary is down" } });
    replyJson(res, usage(3, 4));
  });
}

const models = (base: string) => `
  - model_name: gpt-3.5-turbo
    litellm_params: { model: openai/gpt-3.5-turbo, api_key: sk-upstream, api_base: ${base}/primary/v1 }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream, api_base: ${base}/premium/v1 }
  - model_name: cheap
    litellm_params: { model: openai/cheap, api_key: sk-upstream, api_base: ${base}/cheap/v1 }
  - model_name: healthy
    litellm_params: { model: openai/healthy, api_key: sk-upstream, api_base: ${base}/healthy/v1, order: 1, input_cost_per_token: 0.000001, output_cost_per_token: 0.000001 }
  - model_name: healthy
    litellm_params: { model: openai/healthy, api_key: sk-upstream, api_base: ${base}/standby/v1, order: 2, input_cost_per_token: 0.000001, output_cost_per_token: 0.000001 }
  - model_name: demo
    litellm_params: { model: openai/demo, mock_response: "canned answer" }`;

const pathsCalled = (from: number) => up.requests.slice(from).map((r) => r.path.split("/")[1]);

beforeAll(async () => {
  up = await startMockUpstream();
  handler();
  const settings = `router_settings:
  num_retries: 0
  model_group_alias: { fast: gpt-3.5-turbo }
  fallbacks: [{ gpt-3.5-turbo: [gpt-4o, cheap] }]
`;
  gw = await startGateway({ config: configWith(models(up.url), settings) });
  strict = await startGateway({
    config: `model_list:${models(up.url)}\n${settings}general_settings:\n  master_key: ${MASTER_KEY}\n  litellm_headers: false\n  allow_mock_requests: false\n`,
  });
});
afterAll(async () => {
  await gw?.stop();
  await strict?.stop();
  await up?.close();
});

const ask = (g: TestGateway, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  g.call("/v1/chat/completions", {
    headers,
    body: { messages: [{ role: "user", content: "hi" }], ...body },
  });

describe("fallbacks stay within the caller's models", () => {
  it("a request's own fallbacks never reach a group the key may not use", async () => {
    const k = await newKey(gw, { models: ["gpt-3.5-turbo", "cheap"] });
    const from = up.requests.length;
    const res = await ask(gw, { model: "gpt-3.5-turbo", fallbacks: ["gpt-4o"] }, { authorization: `Bearer ${k.key}` });
    expect(res.status).toBe(500);
    expect(pathsCalled(from)).toEqual(["primary"]);
    const allowed = await ask(
      gw,
      { model: "gpt-3.5-turbo", fallbacks: ["gpt-4o", "cheap"] },
      { authorization: `Bearer ${k.key}` },
    );
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("x-switchyard-model-group")).toBe("cheap");
  });

  it("configured fallbacks reached through an alias skip the groups the key may not use", async () => {
    const k = await newKey(gw, { models: ["fast", "cheap"] });
    const from = up.requests.length;
    const res = await ask(gw, { model: "fast" }, { authorization: `Bearer ${k.key}` });
    expect(res.status).toBe(200);
    expect(pathsCalled(from)).toEqual(["primary", "cheap"]);
    expect(res.headers.get("x-switchyard-attempted-fallbacks")).toBe("1");
  });

  it("the master key may use every configured fallback", async () => {
    const from = up.requests.length;
    const res = await ask(gw, { model: "gpt-3.5-turbo" });
    expect(res.status).toBe(200);
    expect(pathsCalled(from)).toEqual(["primary", "premium"]);
  });
});

describe("LiteLLM's test parameters", () => {
  it("mock_response answers without an upstream call, at no cost, streamed or not", async () => {
    const client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const from = up.requests.length;
    const { data, response } = await client.chat.completions
      .create({ model: "healthy", messages: [{ role: "user", content: "hi" }], mock_response: "pong" } as never)
      .withResponse();
    expect(data.choices[0]!.message.content).toBe("pong");
    expect(response.headers.get("x-switchyard-response-cost")).toBe("0");
    const stream = await client.chat.completions.create({
      model: "demo",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hi" }],
    });
    let text = "";
    let sawUsage = false;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? "";
      if (c.usage) sawUsage = true;
    }
    expect(text).toBe("canned answer");
    expect(sawUsage).toBe(true);
    expect(up.requests.length).toBe(from);
    const requestId = response.headers.get("x-request-id")!;
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${requestId}`);
      return l.length ? l : undefined;
    }, "the mock request's record");
    expect(log).toMatchObject({ cost_micros: 0, status_code: 200, model_group: "healthy" });
  });

  it("mock_testing_fallbacks fails the group so its fallback answers, without cooling its deployments", async () => {
    const from = up.requests.length;
    const res = await ask(gw, { model: "healthy", mock_testing_fallbacks: true, fallbacks: ["cheap"] });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchyard-model-group")).toBe("cheap");
    expect(pathsCalled(from)).toEqual(["cheap"]);
    // Past allowed_fails (3), a real failure would cool the first deployment and send traffic to the standby.
    for (let i = 0; i < 4; i++) await ask(gw, { model: "healthy", mock_testing_fallbacks: true, fallbacks: ["cheap"] });
    const after = up.requests.length;
    expect((await ask(gw, { model: "healthy" })).status).toBe(200);
    expect(pathsCalled(after)).toEqual(["healthy"]);
  });

  it("mock_testing_rate_limit_error and mock_timeout answer with the error they name", async () => {
    const limited = await ask(gw, { model: "healthy", mock_testing_rate_limit_error: true });
    expect(limited.status).toBe(429);
    const timedOut = await ask(gw, { model: "healthy", mock_timeout: true });
    expect(timedOut.status).toBe(408);
    expect(((await timedOut.json()) as { error: { code: string } }).error.code).toBe("mock_timeout");
  });

  it("a gateway with allow_mock_requests: false refuses them with a 400 naming the field, but a configured mock still answers", async () => {
    const res = await ask(strict, { model: "healthy", mock_response: "pong" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("mock_response");
    expect((await ask(strict, { model: "demo" })).status).toBe(200);
  });
});

describe("response headers and request fields", () => {
  it("LiteLLM's response headers come with Switchyard's, and one setting turns them off", async () => {
    const res = await ask(gw, { model: "healthy", timeout: 30 });
    expect(res.status).toBe(200);
    const h = res.headers;
    expect(h.get("x-litellm-call-id")).toBe(h.get("x-request-id"));
    expect(h.get("x-litellm-model-id")).toBe(h.get("x-switchyard-model-id"));
    expect(h.get("x-litellm-model-group")).toBe("healthy");
    expect(h.get("x-litellm-attempted-retries")).toBe("0");
    expect(h.get("x-litellm-attempted-fallbacks")).toBe("0");
    expect(h.get("x-litellm-max-retries")).toBe("0");
    expect(h.get("x-litellm-timeout")).toBe("30");
    expect(Number(h.get("x-litellm-response-cost"))).toBeCloseTo(0.000007, 9);
    expect(Number(h.get("x-litellm-response-duration-ms"))).toBeGreaterThanOrEqual(0);
    expect(Number(h.get("x-litellm-overhead-duration-ms"))).toBeLessThanOrEqual(
      Number(h.get("x-litellm-response-duration-ms")),
    );
    const off = await ask(strict, { model: "healthy" });
    expect(off.status).toBe(200);
    expect([...off.headers.keys()].filter((k) => k.startsWith("x-litellm-"))).toEqual([]);
    expect(off.headers.get("x-switchyard-model-group")).toBe("healthy");
  });

  it("a reused x-request-id is only metadata: every request keeps its own spend record", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await ask(gw, { model: "healthy" }, { "x-request-id": "client-chosen-id" });
      ids.push(res.headers.get("x-request-id")!);
    }
    expect(new Set(ids).size).toBe(2);
    expect(ids).not.toContain("client-chosen-id");
    for (const id of ids) {
      const [log] = await eventually(async () => {
        const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${id}`);
        return l.length ? l : undefined;
      }, "each record");
      expect(log!.metadata).toEqual({ client_request_id: "client-chosen-id" });
    }
  });

  it("client credentials and models given in the wrong shape are 400s naming the field", async () => {
    for (const field of ["api_base", "base_url", "api_key", "api_version"]) {
      const res = await ask(gw, { model: "healthy", [field]: { url: "https://evil.example" } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { param: string } }).error.param).toBe(field);
    }
    const several = await ask(gw, { model: "healthy,cheap" });
    expect(several.status).toBe(400);
    const body = (await several.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe("multiple_models_not_supported");
    expect(body.error.message).toContain('"healthy,cheap"');
  });
});
