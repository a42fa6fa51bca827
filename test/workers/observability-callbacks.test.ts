import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { admin, eventually, newKey, replySse, usage } from "../helpers/keys.js";
import { type MockUpstream, type RecordedRequest, sendJson, startMockUpstream } from "../helpers/mock-upstream.js";

// Logging callbacks from real requests through the built worker in workerd: loopback receivers in
// each sink's wire format, retries until a failing receiver recovers (each record exactly once),
// redaction, per-key callbacks and the s3 export to R2.
let up: MockUpstream;
let recv: MockUpstream;
let gw: TestGateway;
let redacted: TestGateway;
/** How many more requests to /generic fail with 503 (a receiver that is down for a while). */
let genericFailures = 0;
/** Record ids the generic receiver accepted (answered 200), in order. */
const acceptedGeneric: string[] = [];

const PROMPT = "my private prompt about the merger";
const ANSWER = "the confidential answer";
const MODELS = (base: string) => `
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-never-logged, api_base: "${base}/v1" }
    model_info: { id: d1 }
  - model_name: limited
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-never-logged, api_base: "${base}/limited/v1" }
    model_info: { id: d2 }
  - model_name: picky
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-never-logged, api_base: "${base}/picky/v1" }
    model_info: { id: d3 }`;
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
    TENANT_HEADERS: "X-Tenant=a",
  };
}

beforeAll(async () => {
  up = await startMockUpstream((req, res) => {
    if (req.path.startsWith("/limited/")) return sendJson(res, 429, { error: { message: "slow down" } });
    if (req.path.startsWith("/picky/")) return sendJson(res, 400, { error: { message: `bad: ${PROMPT}` } });
    const body = req.json() as { stream?: boolean };
    if (body.stream) return replySse(res, usage(12, 7));
    sendJson(res, 200, {
      id: "chatcmpl-up",
      object: "chat.completion",
      created: 1,
      model: "gpt-4o",
      choices: [{ index: 0, message: { role: "assistant", content: ANSWER }, finish_reason: "stop" }],
      usage: usage(12, 7),
    });
  });
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
    startGateway({ config: configWith(MODELS(up.url), CALLBACKS), vars: vars(recv.url) }),
    startGateway({
      config: configWith(
        MODELS(up.url),
        `${CALLBACKS}  turn_off_message_logging: true\n  redact_user_api_key_info: true\n`,
      ),
      vars: vars(`${recv.url}/redacted`),
    }),
  ]);
});
afterAll(async () => {
  await gw?.stop();
  await redacted?.stop();
  await up?.close();
  await recv?.close();
});

const to = (path: string) => recv.requests.filter((r) => r.path === path);
const until = (path: string, pred: (r: RecordedRequest[]) => boolean) =>
  eventually(async () => (pred(to(path)) ? to(path) : undefined), `requests to ${path}`);
/** The generic payload of one request, once it arrived. */
const genericPayload = (id: string) =>
  eventually(async () => {
    for (const r of to("/generic"))
      for (const p of r.json() as Array<Record<string, any>>) if (p.id === id) return { request: r, payload: p };
    return undefined;
  }, `the generic payload of ${id}`);
/** An R2 object's text, read in one piece through Miniflare's proxy. */
async function objectText(bucket: Awaited<ReturnType<TestGateway["mf"]["getR2Bucket"]>>, key: string): Promise<string> {
  const o = await bucket.get(key);
  return new TextDecoder().decode(await o!.arrayBuffer());
}
/** A chat request with a key; returns the gateway's request id. */
async function chat(g: TestGateway, key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await g.call("/v1/chat/completions", {
    headers: { authorization: `Bearer ${key}`, ...headers },
    body: { model: "gpt", messages: [{ role: "user", content: PROMPT }], ...body },
  });
  await res.text();
  return { status: res.status, id: res.headers.get("x-request-id")! };
}
/** The request's spend log row (times as ISO strings) once it is stored. */
const spendLog = (id: string) =>
  eventually(async () => (await admin<Array<Record<string, any>>>(gw, `/spend/logs?request_id=${id}`))[0], "spend log");
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe("logging callbacks", () => {
  let key: { key: string; token: string };
  let team: { team_id: string };

  beforeAll(async () => {
    team = await admin(gw, "/team/new", { team_alias: "Research" });
    key = await newKey(gw, { key_alias: "svc-a", team_id: team.team_id, metadata: { run: "nightly" } });
  });

  it("sends each sink its documented wire format, field by field", async () => {
    const { status, id } = await chat(
      gw,
      key.key,
      { user: "customer-9", temperature: 0.2, max_tokens: 50, tags: ["prod"], metadata: { tags: ["batch"] } },
      { "x-switchyard-tags": "from-header" },
    );
    expect(status).toBe(200);
    const log = await spendLog(id);
    const messages = [{ role: "user", content: PROMPT }];
    const tags = ["prod", "batch", "from-header"];

    // generic_api: LiteLLM's StandardLoggingPayload list with the configured headers
    const { request: g, payload: p } = await genericPayload(id);
    expect(g.headers.authorization).toBe("Bearer generic-token");
    expect(g.headers["x-team"]).toBe("obs");
    expect(g.headers["idempotency-key"]).toContain(`${id}:generic_api`);
    expect(p).toMatchObject({
      id,
      trace_id: id,
      call_type: "acompletion",
      stream: false,
      status: "success",
      response_cost: log.spend,
      custom_llm_provider: "openai",
      prompt_tokens: 12,
      completion_tokens: 7,
      total_tokens: 19,
      startTime: seconds(log.startTime),
      endTime: seconds(log.endTime),
      response_time: log.latency_ms / 1000,
      model: "gpt-4o",
      model_id: "d1",
      model_group: "gpt",
      api_base: new URL(up.url).host,
      cache_hit: false,
      request_tags: tags,
      end_user: "customer-9",
      messages,
      response: { object: "chat.completion", choices: [{ message: { role: "assistant", content: ANSWER } }] },
      error_str: null,
      model_parameters: { temperature: 0.2, max_tokens: 50 },
    });
    expect(p.metadata).toMatchObject({
      user_api_key_hash: key.token,
      user_api_key_alias: "svc-a",
      user_api_key_team_id: team.team_id,
      user_api_key_team_alias: "Research",
    });
    expect(p.hidden_params.model_id).toBe("d1");
    expect(p.hidden_params.litellm_overhead_time_ms).toBeGreaterThanOrEqual(0);
    expect(p.hidden_params.litellm_overhead_time_ms).toBeLessThanOrEqual(log.latency_ms);

    // langfuse: ingestion batch with a trace and a generation, basic auth
    const lf = await eventually(
      async () => to("/api/public/ingestion").find((r) => r.body.includes(id)),
      "the langfuse batch",
    );
    expect(lf.headers.authorization).toBe(`Basic ${Buffer.from("pk-lf-public:sk-lf-secret-value").toString("base64")}`);
    const batch = (lf.json() as { batch: Array<Record<string, any>> }).batch.filter((e) => e.body.id?.startsWith(id));
    expect(batch.map((e) => e.type)).toEqual(["trace-create", "generation-create"]);
    expect(batch[0]).toMatchObject({
      id: `${id}:langfuse:trace`,
      timestamp: log.startTime,
      body: { id, name: "litellm-acompletion", userId: "customer-9", input: messages, tags },
    });
    expect(batch[1]!.body).toMatchObject({
      id: `${id}-generation`,
      traceId: id,
      startTime: log.startTime,
      endTime: log.endTime,
      model: "gpt-4o",
      modelParameters: { temperature: 0.2, max_tokens: 50 },
      usage: { input: 12, output: 7, total: 19, unit: "TOKENS" },
      costDetails: { total: log.spend },
      level: "DEFAULT",
      output: p.response,
    });

    // otel: OTLP/HTTP JSON, one CLIENT span with GenAI attributes
    const ot = await eventually(async () => to("/v1/traces").find((r) => r.body.includes(id)), "the OTLP export");
    expect(ot.headers["x-otlp-token"]).toBe("otlp-secret");
    expect(ot.headers["content-type"]).toBe("application/json");
    const rs = (ot.json() as { resourceSpans: Array<Record<string, any>> }).resourceSpans[0]!;
    expect(rs.resource.attributes).toEqual([{ key: "service.name", value: { stringValue: "gateway-test" } }]);
    const span = (rs.scopeSpans[0].spans as Array<Record<string, any>>).find((sp) =>
      JSON.stringify(sp.attributes).includes(id),
    )!;
    const ns = (iso: string) => `${Date.parse(iso)}000000`;
    expect(span).toMatchObject({
      name: "chat gpt",
      kind: 3,
      startTimeUnixNano: ns(log.startTime),
      endTimeUnixNano: ns(log.endTime),
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
      "server.address": new URL(up.url).hostname,
      "server.port": new URL(up.url).port,
      "switchyard.request_id": id,
      "gen_ai.input.messages": JSON.stringify(messages),
    });

    // helicone: custom logging API
    const hc = await eventually(
      async () => to("/custom/v1/log").find((r) => r.body.includes('"customer-9"')),
      "the helicone log",
    );
    expect(hc.headers.authorization).toBe("Bearer sk-helicone-secret");
    const h = hc.json() as Record<string, any>;
    expect(h.providerRequest).toMatchObject({
      url: "custom-model-nopath",
      json: { model: "gpt-4o", temperature: 0.2, messages },
    });
    expect(h.providerRequest.meta["Helicone-User-Id"]).toBe("customer-9");
    expect(h.providerRequest.meta["Helicone-Request-Id"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(h.providerResponse).toMatchObject({
      status: 200,
      json: { usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } },
    });
    const start = Date.parse(log.startTime);
    const end = Date.parse(log.endTime);
    expect(h.timing).toMatchObject({
      startTime: { seconds: Math.floor(start / 1000), milliseconds: start % 1000 },
      endTime: { seconds: Math.floor(end / 1000), milliseconds: end % 1000 },
    });

    // lunary: start + end events of one llm run
    const lu = await eventually(
      async () => to("/v1/runs/ingest").find((r) => r.body.includes('"customer-9"')),
      "the lunary run",
    );
    expect(lu.headers.authorization).toBe("Bearer lunary-public-key");
    const events = (lu.json() as { events: Array<Record<string, any>> }).events;
    expect(events.map((e) => e.event)).toEqual(["start", "end"]);
    expect(events[0]).toMatchObject({ type: "llm", name: "gpt-4o", input: messages, userId: "customer-9", tags });
    expect(events[1]).toMatchObject({
      type: "llm",
      runId: events[0]!.runId,
      output: p.response,
      tokensUsage: { prompt: 12, completion: 7 },
    });

    // s3: JSON lines in R2 under s3_path/YYYY/MM/DD/
    const bucket = await gw.mf.getR2Bucket("LOGS_BUCKET");
    const day = log.startTime.slice(0, 10).replaceAll("-", "/");
    const line = await eventually(async () => {
      for (const o of (await bucket.list({ prefix: `exports/${day}/` })).objects)
        for (const l of (await objectText(bucket, o.key)).trim().split("\n"))
          if (l.includes(id)) return JSON.parse(l) as Record<string, unknown>;
      return undefined;
    }, "the s3 export");
    expect(line).toMatchObject({ id, response_cost: log.spend, model_group: "gpt" });

    // no secret of the gateway in any payload
    for (const r of recv.requests) {
      expect(r.body).not.toContain("sk-upstream-never-logged");
      expect(r.body).not.toContain("sk-lf-secret-value");
      expect(r.body).not.toContain(key.key);
    }
  });

  it("a streamed request carries its time to first token", async () => {
    const { status, id } = await chat(gw, key.key, { stream: true, stream_options: { include_usage: true } });
    expect(status).toBe(200);
    const log = await spendLog(id);
    const { payload: p } = await genericPayload(id);
    expect(log.completionStartTime).not.toBeNull();
    expect(p).toMatchObject({
      stream: true,
      prompt_tokens: 12,
      completion_tokens: 7,
      startTime: seconds(log.startTime),
      completionStartTime: seconds(log.completionStartTime),
      endTime: seconds(log.endTime),
    });
  });

  it("a failed request goes to the failure callbacks only, with its error", async () => {
    const otBefore = to("/v1/traces").length;
    const { status, id } = await chat(gw, key.key, { model: "limited", num_retries: 0 });
    expect(status).toBe(429);
    const { payload: p } = await genericPayload(id);
    expect(p).toMatchObject({
      id,
      status: "failure",
      model_group: "limited",
      error_information: { error_code: "429", error_class: "RateLimitError" },
    });
    expect(p.error_str).toContain("slow down");
    const lf = await eventually(
      async () => to("/api/public/ingestion").find((r) => r.body.includes(id)),
      "the langfuse error",
    );
    const gen = (lf.json() as { batch: Array<Record<string, any>> }).batch.find(
      (e) => e.body.id === `${id}-generation`,
    );
    expect(gen!.body).toMatchObject({ level: "ERROR" });
    expect(gen!.body.statusMessage).toContain("slow down");
    await new Promise((r) => setTimeout(r, 3000)); // a success-only sink would have had it by now
    expect(
      to("/v1/traces")
        .slice(otBefore)
        .some((r) => r.body.includes(id)),
    ).toBe(false);
  });

  it("a receiver that fails for a while then recovers gets every record exactly once", async () => {
    const before = to("/generic").length;
    genericFailures = 2;
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 5) {
      const batch = await Promise.all(Array.from({ length: 5 }, () => chat(gw, key.key, { user: "flaky-run" })));
      ids.push(...batch.map((b) => b.id));
    }
    const mine = () => acceptedGeneric.filter((id) => ids.includes(id));
    await eventually(async () => (mine().length >= 20 ? true : undefined), "the retried records", 30_000);
    await new Promise((r) => setTimeout(r, 2500)); // a duplicate delivery would arrive within a batch window
    expect(genericFailures).toBe(0); // the receiver refused twice before it recovered
    expect(to("/generic").length - before).toBeGreaterThanOrEqual(3);
    expect(mine().sort()).toEqual([...ids].sort()); // each record accepted exactly once
    expect(gw.output()).toMatch(/delivery failed; will retry/);
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
    const { id } = await chat(gw, k.key, {});
    const { id: other } = await chat(gw, key.key, {});
    const [t] = await until("/tenant-a", (r) => r.length >= 1);
    expect((t!.json() as Array<{ id: string }>).map((p) => p.id)).toEqual([id]);
    expect(t!.headers["idempotency-key"]).toMatch(new RegExp(`^${id}:generic_api:key:`));
    expect(t!.headers["x-tenant"]).toBe("a");
    // the gateway's own generic headers never go to a tenant's endpoint, nor other keys' traffic
    expect(t!.headers.authorization).toBeUndefined();
    await genericPayload(other);
    expect(to("/tenant-a").some((r) => r.body.includes(other))).toBe(false);
  });
});

describe("redaction", () => {
  it("with message logging off, no message content reaches any sink, and user info is left out", async () => {
    const k = await newKey(redacted, { key_alias: "svc-secret-alias" });
    const start = recv.requests.length;
    const ok = await chat(redacted, k.key, { user: "customer-77" });
    const bad = await chat(redacted, k.key, { model: "picky", user: "customer-77" });
    expect([ok.status, bad.status]).toEqual([200, 400]);
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
    const payloads = () =>
      recv.requests
        .slice(start)
        .filter((r) => r.path === "/redacted/generic")
        .flatMap((r) => r.json() as Array<Record<string, any>>);
    await eventually(async () => (payloads().length >= 2 ? true : undefined), "both generic payloads");
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
    expect(payloads().find((p) => p.id === ok.id)).toMatchObject({
      messages: null,
      response: null,
      prompt_tokens: 12,
    });
    expect(payloads().find((p) => p.id === bad.id)).toMatchObject({
      status: "failure",
      error_str: "BadRequestError (400)",
    });
  });
});
