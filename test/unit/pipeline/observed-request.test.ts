import { describe, expect, it } from "vitest";
import type { Deps } from "../../../src/deps.js";
import { libraryDeps } from "../../../src/library/gateway.js";
import { copyDelta, mergeDelta, type SeriesDelta, seriesKey } from "../../../src/observability/metrics/metric-batch.js";
import { Observer } from "../../../src/observability/observer.js";
import type { AlertMessage, CallbackMessage, QueueMessage } from "../../../src/observability/queue/queue-message.js";
import { settingsOf } from "../../../src/observability/settings.js";
import { GatewayConfig } from "../../../src/config/schema.js";
import { chatOperation } from "../../../src/pipeline/operations/chat.js";
import { routerEventsFor } from "../../../src/pipeline/router-events.js";
import { runOperation } from "../../../src/pipeline/run-operation.js";
import { MemoryRouterState } from "../../../src/routing/memory-router-state.js";
import { createDeploymentRouter } from "../../../src/routing/route-engine.js";
import { noLimits } from "../../../src/state/account-limits.js";
import { MemoryLedgers } from "../../../src/state/memory/ledgers.js";
import type { SpendRecord } from "../../../src/state/spend-record.js";
import type { Principal } from "../../../src/state/principal.js";
import type { MemorySpendSink } from "../../../src/state/memory/spend-sink.js";

// The spine's finish hands every request to the observer once: metrics, callback messages and
// alerts from real requests (upstream faked by `fetch`), whatever retries they took.

const T0 = Date.UTC(2026, 4, 1, 12);

const completion = (content: string) =>
  new Response(
    JSON.stringify({
      id: "c1",
      object: "chat.completion",
      created: 1,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 100, total_tokens: 110 },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );

function setup(extra: { litellm_settings?: Record<string, unknown>; general_settings?: Record<string, unknown> } = {}) {
  let now = T0;
  const upstream: string[] = [];
  const ledgers = new MemoryLedgers(() => now);
  const { deps, pending } = libraryDeps({
    config: {
      model_list: ["d1", "d2"].map((id) => ({
        model_name: "gpt",
        litellm_params: {
          model: "openai/m",
          api_base: `https://${id}.upstream.test/v1`,
          api_key: "sk-upstream-secret-0123456789",
          input_cost_per_token: 0,
          output_cost_per_token: 0.000001, // 100 output tokens = 100 µ$
        },
        model_info: { id },
      })),
      router_settings: { num_retries: 1 },
      litellm_settings: {
        success_callback: ["generic_api"],
        failure_callback: ["generic_api"],
        ...extra.litellm_settings,
      },
      general_settings: { alerting: ["webhook"], ...extra.general_settings },
    },
    env: {},
    now: () => now,
    fetch: async (input) => {
      const host = new URL(String(input)).host;
      upstream.push(host);
      return host.startsWith("d1.") && failD1
        ? new Response('{"error":{"message":"down"}}', { status: 503 })
        : completion("hello there");
    },
    state: { ledgers },
    log: { info() {}, warn() {}, error() {} },
  });
  let failD1 = false;
  const timers: Array<() => void> = [];
  let seq = 0;
  /** The summed series, as the metrics Durable Object keeps them. */
  const series = new Map<string, SeriesDelta>();
  const addBatch = (batch: readonly SeriesDelta[]) => {
    for (const d of batch) {
      const k = seriesKey(d.name, d.labels);
      const cur = series.get(k);
      if (cur) mergeDelta(cur, d);
      else series.set(k, copyDelta(d));
    }
  };
  const queued: QueueMessage[] = [];
  const claimed = new Set<string>();
  const observer = new Observer({
    settings: settingsOf(deps.config.raw),
    ports: {
      metrics: { add: async (b) => addBatch(b), snapshot: async () => [...series.values()] },
      queue: { send: async (m) => void queued.push(...m) },
      alerts: {
        claim: async (k) => !claimed.has(k) && Boolean(claimed.add(k)),
        noteFailure: async () => 1,
      },
    },
    now: () => now,
    log: { info() {}, warn() {}, error() {} },
    setTimer: (fn) => timers.push(fn),
  });
  const observed: Deps = { ...deps, observer };
  const router = createDeploymentRouter({
    config: deps.config,
    state: new MemoryRouterState({ now: () => now, random: () => 0 }),
    now: () => now,
    random: () => 0, // d1 first
    sleep: async () => {},
    defer: deps.defer,
    events: routerEventsFor(observed),
  });
  /** Run deferred work and fired timers until nothing is left. */
  const settle = async () => {
    for (let i = 0; i < 20 && (pending.length || timers.length); i++) {
      for (const t of timers.splice(0)) t();
      await Promise.all(pending.splice(0));
    }
  };
  const call = async (
    body: Record<string, unknown>,
    opts: { principal?: Principal; headers?: Headers; settle?: boolean } = {},
  ) => {
    const res = await runOperation(observed, router, chatOperation, {
      principal: opts.principal ?? { kind: "master" },
      body: {
        kind: "json",
        text: JSON.stringify({ model: "gpt", messages: [{ role: "user", content: "hi" }], ...body }),
      },
      requestId: `req-${++seq}`,
      headers: opts.headers,
    }).catch((e: unknown) => e);
    now += 250;
    if (opts.settle !== false) await settle();
    return res;
  };
  const callbacks = () => queued.filter((m): m is CallbackMessage => m.kind === "callback");
  const alerts = () => queued.filter((m): m is AlertMessage => m.kind === "alert");
  const sum = (name: string, labels: Record<string, string> = {}) =>
    [...series.values()]
      .filter((d) => d.name === name && Object.entries(labels).every(([k, v]) => d.labels[k] === v))
      .reduce((a, d) => a + d.value, 0);
  return {
    call,
    settle,
    series: () => series.size,
    callbacks,
    alerts,
    sum,
    ledgers,
    upstream,
    spend: () => (deps.state.spend as MemorySpendSink).records as SpendRecord[],
    failD1: () => {
      failD1 = true;
    },
  };
}

describe("a finished request reaches the observer once", () => {
  it("one callback message per request with its tags, timings and content; the spend record has the tags", async () => {
    const h = setup();
    const res = await h.call(
      { tags: ["from-body"], metadata: { tags: ["from-metadata", "from-body"] }, temperature: 0.2 },
      { headers: new Headers({ "x-switchyard-tags": " from-header ,," }) },
    );
    expect((res as Response).status).toBe(200);
    const [m, ...more] = h.callbacks();
    expect(more).toEqual([]);
    const tags = ["from-body", "from-metadata", "from-header"];
    expect(h.spend()[0]!.tags).toEqual(tags);
    expect(m!.log).toMatchObject({
      operation: "chat_completion",
      status: 200,
      model_group: "gpt",
      deployment_id: "d1",
      api_base_host: "d1.upstream.test",
      cost_micros: 100,
      tags,
      model_parameters: { temperature: 0.2 },
      content: {
        messages: [{ role: "user", content: "hi" }],
        response: { choices: [{ message: { content: "hello there" } }] },
      },
    });
    expect(m!.log.llm_api_latency_ms).not.toBeNull();
    expect(JSON.stringify(m)).not.toContain("sk-upstream-secret");
    expect(h.sum("litellm_proxy_total_requests_metric", { status_code: "200" })).toBe(1);
    expect(h.sum("litellm_deployment_state", { model_id: "d1" })).toBe(0);
  });

  it("a request retried on another deployment is one log; the failed deployment is in partial outage", async () => {
    const h = setup();
    h.failD1();
    expect(((await h.call({})) as Response).status).toBe(200);
    expect(h.upstream).toEqual(["d1.upstream.test", "d2.upstream.test"]);
    expect(h.callbacks()).toHaveLength(1);
    expect(h.callbacks()[0]!.log).toMatchObject({ deployment_id: "d2", attempted_retries: 1 });
    expect(h.sum("litellm_proxy_total_requests_metric")).toBe(1);
    expect(h.sum("litellm_deployment_state", { model_id: "d1" })).toBe(1);
    expect(h.sum("litellm_deployment_state", { model_id: "d2" })).toBe(0);
  });

  it("10,000 distinct end users add no series", async () => {
    const h = setup();
    await h.call({ user: "end-user-first", mock_response: "hi" });
    const before = h.series();
    for (let i = 0; i < 10_000; i++) {
      await h.call({ user: `end-user-${i}`, mock_response: "hi" }, { settle: false });
      if (i % 500 === 499) await h.settle();
    }
    await h.settle();
    expect(h.sum("litellm_proxy_total_requests_metric")).toBe(10_001);
    expect(h.series()).toBe(before);
    expect(h.callbacks().every((m) => m.log.end_user?.startsWith("end-user-"))).toBe(true); // the logs have them
  }, 120_000);

  it("turn_off_message_logging leaves the content out", async () => {
    const h = setup({ litellm_settings: { turn_off_message_logging: true } });
    await h.call({});
    const [m] = h.callbacks();
    expect(m!.log.content).toBeNull();
    expect(JSON.stringify(m)).not.toContain("hello there");
    expect(JSON.stringify(m)).not.toContain('"hi"');
  });

  it("a key's budget: 80% alerts once, exceeding it alerts once, the gauge follows the spend", async () => {
    const h = setup();
    const ref = { kind: "key" as const, id: "tok-1" };
    const limits = { ...noLimits(1, T0), maxBudgetMicros: 500 };
    const principal: Principal = {
      kind: "virtual",
      keyHash: "hash-1",
      keyAlias: "ci-bot",
      keyName: "sk-...abcd",
      teamId: null,
      userId: null,
      models: [],
      aliases: {},
      metadata: {},
      accounts: [{ ref, label: 'key "ci-bot"', limits }],
    };
    const statuses: number[] = [];
    // each request costs 100 µ$ but reserves a bound of its max_tokens (100 → 100 µ$)
    for (let i = 0; i < 7; i++) {
      const r = await h.call({ max_tokens: 100 }, { principal });
      statuses.push(r instanceof Response ? r.status : (r as { status: number }).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const alerts = h.alerts().map((a) => a.alert.webhook?.event);
    expect(alerts).toEqual(["threshold_crossed", "budget_crossed"]);
    expect(h.alerts()[0]!.alert.webhook).toMatchObject({
      spend: 0.0004,
      max_budget: 0.0005,
      key_alias: "ci-bot",
      token: "hash-1",
    });
    expect(h.sum("litellm_remaining_api_key_budget_metric", { hashed_api_key: "hash-1" })).toBe(0);
  });
});

describe("an observer with nowhere to send a request's log", () => {
  const observerWith = (settings: Record<string, unknown>, tenants = false) =>
    new Observer({
      settings: settingsOf(GatewayConfig.parse(settings)),
      ports: { queue: { send: async () => {} }, metrics: { add: async () => {}, snapshot: async () => [] } },
      tenants: tenants ? { keyMetadata: async () => ({}), teamMetadata: async () => ({}) } : undefined,
      now: () => T0,
      log: { info() {}, warn() {}, error() {} },
      setTimer: () => 0,
    } as never);

  it("takes no log without metrics, alerts or callbacks; a config callback, metrics or a keyed tenant make it take one", () => {
    const quiet = { general_settings: { disable_metrics: true } };
    expect(observerWith(quiet).takesRequestLog({ keyed: true })).toBe(false);
    expect(observerWith(quiet, true).takesRequestLog({ keyed: false })).toBe(false);
    expect(observerWith(quiet, true).takesRequestLog({ keyed: true })).toBe(true);
    expect(
      observerWith({ ...quiet, litellm_settings: { success_callback: ["generic_api"] } }).takesRequestLog({
        keyed: false,
      }),
    ).toBe(true);
    expect(
      observerWith({ general_settings: { disable_metrics: true, alerting: ["webhook"] } }).takesRequestLog({
        keyed: false,
      }),
    ).toBe(true);
  });
});
