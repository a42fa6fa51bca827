import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, type TestGateway } from "../helpers/gateway.js";
import { eventually, newKey } from "../helpers/keys.js";
import { type MockUpstream, type RecordedRequest, sendJson, startMockUpstream } from "../helpers/mock-upstream.js";
import { finishRequests, startObservedGateway } from "../helpers/observability.js";

// Logging callbacks through the delivery Queue, in workerd: loopback receivers in each sink's wire
// format, retries until a failing receiver recovers (each record exactly once), redaction, per-key
// callbacks and the s3 export to R2.
let recv: MockUpstream;
let gw: TestGateway;
let redacted: TestGateway;
/** How many more requests to /generic fail with 503 (a receiver that is down for a while). */
let genericFailures = 0;
/** Record ids the generic receiver accepted (answered 200), in order. */
const acceptedGeneric: string[] = [];

const PROMPT = "my private prompt about the merger";
const ANSWER = "the confidential answer";
const MODELS = `
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-never-logged }
    model_info: { id: d1 }`;
const CALLBACKS = `litellm_settings:
  success_callback: [generic_api, langfuse, otel, helicone, lunary, s3]
  failure_callback: [generic_api, langfuse]
  s3_callback_params: { s3_path: exports }
`;

function vars(base: string): Record<string, string> {
  return {
    GENERIC_LOGGER_ENDPOINT: `${base}/generic`,
    GENERIC_LOGGER_HEADERS: "Authorization=Bearer generic-token,X-Team=obs",
    LANGFUSE_PUBLIC_KEY: "pk-lf-public",
    LANGFUSE_SECRET_KEY: "sk-lf-secret-value",
    LANGFUSE_HOST: `${base}/`,
    OTEL_EXPORTER_OTLP_ENDPOINT: base,
    OTEL_EXPORTER_OTLP_HEADERS: "x-otlp-token=otlp-secret",
    OTEL_SERVICE_NAME: "gateway-test",
    HELICONE_API_KEY: "sk-helicone-secret",
    HELICONE_API_BASE: base,
    LUNARY_PUBLIC_KEY: "lunary-public-key",
    LUNARY_API_URL: base,
  };
}

beforeAll(async () => {
  recv = await startMockUpstream((req, res) => {
    if (req.path === "/generic" && genericFailures > 0) {
      genericFailures--;
      res.writeHead(503).end("down");
      return;
    }
    if (req.path === "/generic") for (const p of req.json() as Array<{ id: string }>) acceptedGeneric.push(p.id);
    sendJson(res, 200, { ok: true });
  });
  [gw, redacted] = await Promise.all([
    startObservedGateway({ config: configWith(MODELS, CALLBACKS), vars: vars(recv.url) }),
    startObservedGateway({
      config: configWith(MODELS, `${CALLBACKS}  turn_off_message_logging: true\n  redact_user_api_key_info: true\n`),
      vars: vars(`${recv.url}/redacted`),
    }),
  ]);
});
afterAll(async () => {
  await gw?.stop();
  await redacted?.stop();
  await recv?.close();
});

const to = (path: string) => recv.requests.filter((r) => r.path === path);
const until = (path: string, pred: (r: RecordedRequest[]) => boolean) =>
  eventually(async () => (pred(to(path)) ? to(path) : undefined), `requests to ${path}`);
/** An R2 object's text, read in one piece through Miniflare's proxy. */
async function objectText(bucket: Awaited<ReturnType<TestGateway["mf"]["getR2Bucket"]>>, key: string): Promise<string> {
  const o = await bucket.get(key);
  return new TextDecoder().decode(await o!.arrayBuffer());
}

const content = {
  messages: [{ role: "user", content: PROMPT }],
  response: [{ message: { role: "assistant", content: ANSWER } }],
};

describe("logging callbacks", () => {
  it("sends each sink its documented wire format, field by field", async () => {
    const created = Date.UTC(2026, 4, 1, 12, 0, 0);
    await finishRequests(gw, [
      {
        record: {
          request_id: "req-cb-1",
          created_at: created,
          latency_ms: 1500,
          ttft_ms: 200,
          stream: true,
          key_hash: "ab".repeat(32),
          key_alias: "svc-a",
          team_id: "team-1",
          end_user: "customer-9",
          cost_micros: 2500,
          prompt_tokens: 12,
          completion_tokens: 7,
          metadata: { run: "nightly" },
        },
        apiBase: "https://api.openai.com/v1",
        llmApiLatencyMs: 1400,
        teamAlias: "Research",
        body: { tags: ["prod"], metadata: { tags: ["batch"] } },
        tagHeader: "from-header",
        modelParameters: { temperature: 0.2, max_tokens: 50 },
        content,
      },
    ]);

    // generic_api: LiteLLM's StandardLoggingPayload list with the configured headers
    const [g] = await until("/generic", (r) => r.length >= 1);
    expect(g!.headers.authorization).toBe("Bearer generic-token");
    expect(g!.headers["x-team"]).toBe("obs");
    expect(g!.headers["idempotency-key"]).toBe("req-cb-1:generic_api");
    const [p] = g!.json() as Array<Record<string, any>>;
    expect(p).toMatchObject({
      id: "req-cb-1",
      trace_id: "req-cb-1",
      call_type: "acompletion",
      stream: true,
      status: "success",
      response_cost: 0.0025,
      custom_llm_provider: "openai",
      prompt_tokens: 12,
      completion_tokens: 7,
      total_tokens: 19,
      startTime: created / 1000,
      endTime: (created + 1500) / 1000,
      completionStartTime: (created + 200) / 1000,
      response_time: 1.5,
      model: "gpt-4o",
      model_id: "d1",
      model_group: "gpt",
      api_base: "api.openai.com",
      cache_hit: false,
      request_tags: ["prod", "batch", "from-header"],
      end_user: "customer-9",
      messages: content.messages,
      response: content.response,
      error_str: null,
      model_parameters: { temperature: 0.2, max_tokens: 50 },
    });
    expect(p!.metadata).toMatchObject({
      user_api_key_hash: "ab".repeat(32),
      user_api_key_alias: "svc-a",
      user_api_key_team_id: "team-1",
      user_api_key_team_alias: "Research",
      requester_metadata: { run: "nightly" },
    });
    expect(p!.hidden_params).toMatchObject({ model_id: "d1", litellm_overhead_time_ms: 100 });

    // langfuse: ingestion batch with a trace and a generation, basic auth
    const [lf] = await until("/api/public/ingestion", (r) => r.length >= 1);
    expect(lf!.headers.authorization).toBe(
      `Basic ${Buffer.from("pk-lf-public:sk-lf-secret-value").toString("base64")}`,
    );
    const batch = (lf!.json() as { batch: Array<Record<string, any>> }).batch;
    expect(batch.map((e) => e.type)).toEqual(["trace-create", "generation-create"]);
    expect(batch[0]).toMatchObject({
      id: "req-cb-1:langfuse:trace",
      timestamp: new Date(created).toISOString(),
      body: {
        id: "req-cb-1",
        name: "litellm-acompletion",
        userId: "customer-9",
        input: content.messages,
        tags: ["prod", "batch", "from-header"],
      },
    });
    expect(batch[1]!.body).toMatchObject({
      id: "req-cb-1-generation",
      traceId: "req-cb-1",
      startTime: new Date(created).toISOString(),
      endTime: new Date(created + 1500).toISOString(),
      completionStartTime: new Date(created + 200).toISOString(),
      model: "gpt-4o",
      modelParameters: { temperature: 0.2, max_tokens: 50 },
      usage: { input: 12, output: 7, total: 19, unit: "TOKENS" },
      costDetails: { total: 0.0025 },
      level: "DEFAULT",
      output: content.response,
    });

    // otel: OTLP/HTTP JSON, one CLIENT span with GenAI attributes
    const [ot] = await until("/v1/traces", (r) => r.length >= 1);
    expect(ot!.headers["x-otlp-token"]).toBe("otlp-secret");
    expect(ot!.headers["content-type"]).toBe("application/json");
    const rs = (ot!.json() as { resourceSpans: Array<Record<string, any>> }).resourceSpans[0]!;
    expect(rs.resource.attributes).toEqual([{ key: "service.name", value: { stringValue: "gateway-test" } }]);
    const span = rs.scopeSpans[0].spans[0];
    expect(span).toMatchObject({
      name: "chat gpt",
      kind: 3,
      startTimeUnixNano: `${created}000000`,
      endTimeUnixNano: `${created + 1500}000000`,
      status: { code: 1 },
    });
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    const attrs = Object.fromEntries(
      (span.attributes as Array<{ key: string; value: Record<string, unknown> }>).map((a) => [
        a.key,
        Object.values(a.value)[0],
      ]),
    );
    expect(attrs).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt",
      "gen_ai.response.model": "gpt-4o",
      "gen_ai.request.max_tokens": "50",
      "gen_ai.request.temperature": 0.2,
      "gen_ai.usage.input_tokens": "12",
      "gen_ai.usage.output_tokens": "7",
      "server.address": "api.openai.com",
      "switchyard.request_id": "req-cb-1",
      "gen_ai.input.messages": JSON.stringify(content.messages),
    });

    // helicone: custom logging API
    const [hc] = await until("/custom/v1/log", (r) => r.length >= 1);
    expect(hc!.headers.authorization).toBe("Bearer sk-helicone-secret");
    const h = hc!.json() as Record<string, any>;
    expect(h.providerRequest).toMatchObject({
      url: "custom-model-nopath",
      json: { model: "gpt-4o", temperature: 0.2, messages: content.messages },
    });
    expect(h.providerRequest.meta["Helicone-User-Id"]).toBe("customer-9");
    expect(h.providerRequest.meta["Helicone-Request-Id"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(h.providerResponse).toMatchObject({
      status: 200,
      json: { usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } },
    });
    expect(h.timing).toEqual({
      startTime: { seconds: Math.floor(created / 1000), milliseconds: 0 },
      endTime: { seconds: Math.floor((created + 1500) / 1000), milliseconds: 500 },
      timeToFirstToken: 200,
    });

    // lunary: start + end events of one llm run
    const [lu] = await until("/v1/runs/ingest", (r) => r.length >= 1);
    expect(lu!.headers.authorization).toBe("Bearer lunary-public-key");
    const events = (lu!.json() as { events: Array<Record<string, any>> }).events;
    expect(events.map((e) => e.event)).toEqual(["start", "end"]);
    expect(events[0]).toMatchObject({
      type: "llm",
      name: "gpt-4o",
      input: content.messages,
      userId: "customer-9",
      tags: ["prod", "batch", "from-header"],
    });
    expect(events[1]).toMatchObject({
      type: "llm",
      runId: events[0]!.runId,
      output: content.response,
      tokensUsage: { prompt: 12, completion: 7 },
    });

    // s3: JSON lines in R2 under s3_path/YYYY/MM/DD/
    const bucket = await gw.mf.getR2Bucket("LOGS_BUCKET");
    const listed = await eventually(async () => {
      const l = await bucket.list({ prefix: "exports/2026/05/01/" });
      return l.objects.length ? l : undefined;
    }, "the s3 export");
    const lines = (await objectText(bucket, listed.objects[0]!.key))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: "req-cb-1", response_cost: 0.0025, model_group: "gpt" });

    // no secret of the gateway in any payload
    for (const r of recv.requests) {
      expect(r.body).not.toContain("sk-upstream-never-logged");
      expect(r.body).not.toContain("sk-lf-secret-value");
    }
  });

  it("a failed request goes to the failure callbacks only, with its error", async () => {
    const before = to("/generic").length;
    const lfBefore = to("/api/public/ingestion").length;
    const otBefore = to("/v1/traces").length;
    await finishRequests(gw, [
      { record: { request_id: "req-cb-fail", status: 429 }, error: { kind: "RateLimitError", message: "slow down" } },
    ]);
    const g = await until("/generic", (r) => r.length > before);
    const p = (g.at(-1)!.json() as Array<Record<string, any>>)[0]!;
    expect(p).toMatchObject({
      id: "req-cb-fail",
      status: "failure",
      error_str: "slow down",
      error_information: { error_code: "429", error_class: "RateLimitError", error_message: "slow down" },
    });
    const lf = await until("/api/public/ingestion", (r) => r.length > lfBefore);
    expect((lf.at(-1)!.json() as { batch: Array<Record<string, any>> }).batch[1]!.body).toMatchObject({
      level: "ERROR",
      statusMessage: "slow down",
    });
    await new Promise((r) => setTimeout(r, 3000)); // a success-only sink would have had it by now
    expect(to("/v1/traces").length).toBe(otBefore);
  });

  it("a receiver that fails for a while then recovers gets every record exactly once", async () => {
    const before = to("/generic").length;
    genericFailures = 2;
    const ids = Array.from({ length: 20 }, (_, i) => `req-flaky-${i}`);
    await finishRequests(
      gw,
      ids.map((request_id) => ({ record: { request_id } })),
    );
    const flaky = () => acceptedGeneric.filter((id) => id.startsWith("req-flaky-"));
    await eventually(async () => (flaky().length >= 20 ? true : undefined), "the retried records", 30_000);
    await new Promise((r) => setTimeout(r, 2500)); // a duplicate delivery would arrive within a batch window
    expect(genericFailures).toBe(0); // the receiver refused twice before it recovered
    expect(to("/generic").length - before).toBeGreaterThanOrEqual(3);
    expect(flaky().sort()).toEqual([...ids].sort()); // each record accepted exactly once
    expect(gw.output()).toMatch(/delivery failed; will retry/);
  });

  it("with message logging off, no message content reaches any sink, and user info is left out", async () => {
    const start = recv.requests.length;
    await finishRequests(redacted, [
      {
        record: { request_id: "req-redacted", key_alias: "svc-secret-alias", end_user: "customer-77" },
        content,
        error: undefined,
      },
      {
        record: { request_id: "req-redacted-fail", status: 400 },
        error: { kind: "BadRequestError", message: `bad: ${PROMPT}` },
        content,
      },
    ]);
    await eventually(async () => {
      const paths = new Set(recv.requests.slice(start).map((r) => r.path));
      return [
        "/redacted/generic",
        "/redacted/api/public/ingestion",
        "/redacted/v1/traces",
        "/redacted/custom/v1/log",
        "/redacted/v1/runs/ingest",
      ].every((p) => paths.has(p))
        ? true
        : undefined;
    }, "every sink of the redacted gateway");
    await eventually(
      async () =>
        recv.requests.slice(start).filter((r) => r.path === "/redacted/generic").length >= 1 ? true : undefined,
      "generic",
    );
    const bodies = recv.requests.slice(start).map((r) => r.body);
    const bucket = await redacted.mf.getR2Bucket("LOGS_BUCKET");
    const objects = await eventually(async () => {
      const l = await bucket.list({ prefix: "exports/" });
      return l.objects.length ? l.objects : undefined;
    }, "the redacted s3 export");
    for (const o of objects) bodies.push(await objectText(bucket, o.key));
    for (const b of bodies) {
      expect(b).not.toContain("merger");
      expect(b).not.toContain("confidential");
      expect(b).not.toContain("svc-secret-alias");
      expect(b).not.toContain("customer-77");
    }
    const generic = recv.requests.slice(start).filter((r) => r.path === "/redacted/generic");
    const payloads = generic.flatMap((r) => r.json() as Array<Record<string, any>>);
    expect(payloads.find((p) => p.id === "req-redacted")).toMatchObject({
      messages: null,
      response: null,
      prompt_tokens: 10,
    });
  });

  it("a key's own callback (metadata.logging) gets that key's traffic, with its own variables", async () => {
    const k = await newKey(gw, {
      key_alias: "tenant-a",
      metadata: {
        logging: [
          {
            callback_name: "generic_api",
            callback_type: "success",
            callback_vars: {
              generic_logger_endpoint: `${recv.url}/tenant-a`,
              generic_logger_headers: "os.environ/TENANT_HEADERS",
            },
          },
        ],
      },
    });
    await finishRequests(gw, [{ record: { request_id: "req-tenant-1", key_hash: k.token, key_alias: "tenant-a" } }]);
    const [t] = await until("/tenant-a", (r) => r.length >= 1);
    expect((t!.json() as Array<{ id: string }>).map((p) => p.id)).toEqual(["req-tenant-1"]);
    expect(t!.headers["idempotency-key"]).toMatch(/^req-tenant-1:generic_api:key:/);
    // the gateway's own generic headers never go to a tenant's endpoint
    expect(t!.headers.authorization).toBeUndefined();
  });
});
