import { describe, expect, it } from "vitest";
import type { SpendRecord } from "../../../src/state/spend-record.js";
import { consumeBatch, type ConsumerDeps, type QueuedMessage } from "../../../src/observability/queue/consume.js";
import { retryDelaySeconds } from "../../../src/observability/queue/backoff.js";
import type { CallbackMessage } from "../../../src/observability/queue/queue-message.js";
import { buildRequestLog } from "../../../src/observability/request-log.js";
import { observabilitySettings } from "../../../src/observability/settings.js";
import { GatewayConfig } from "../../../src/config/schema.js";

const record = (id: string): SpendRecord => ({
  request_id: id,
  created_at: 0,
  key_hash: null,
  key_alias: null,
  team_id: null,
  user_id: null,
  end_user: null,
  model_group: "gpt",
  requested_model: "gpt",
  deployment_id: "d1",
  provider: "openai",
  model: "gpt-4o",
  prompt_tokens: 1,
  completion_tokens: 1,
  cached_tokens: 0,
  reasoning_tokens: 0,
  cost_micros: 1,
  status: 200,
  error_type: null,
  latency_ms: 1,
  ttft_ms: null,
  stream: false,
  attempted_retries: 0,
  attempted_fallbacks: 0,
  tags: [],
  metadata: {},
  operation: "chat",
});

function message(id: string, body: unknown, attempts = 1) {
  const m = { id, body, attempts, acked: false, retried: undefined as number | undefined };
  const q: QueuedMessage = {
    id,
    body,
    attempts,
    ack: () => {
      m.acked = true;
    },
    retry: (o) => {
      m.retried = o?.delaySeconds ?? 0;
    },
  };
  return Object.assign(m, { q });
}

const cb = (id: string, tenant: CallbackMessage["tenant"] = null): CallbackMessage => ({
  kind: "callback",
  sink: "generic_api",
  tenant,
  idempotency_key: `${id}:generic_api`,
  log: buildRequestLog({ record: record(id), operation: "chat_completion", redactMessages: false }),
});

function deps(
  status: number,
  env: Record<string, string>,
  calls: Array<{ url: string; headers: Headers }>,
): ConsumerDeps {
  return {
    settings: observabilitySettings(GatewayConfig.parse({})),
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, headers: new Headers(init.headers) });
      return new Response("", { status, headers: status === 429 ? { "retry-after": "120" } : {} });
    }) as unknown as typeof fetch,
    now: () => 0,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    env: (n) => env[n],
    tenantVars: async (t) =>
      t.id === "gone" ? undefined : (n) => ({ GENERIC_LOGGER_ENDPOINT: "https://tenant.example/log" })[n],
  };
}

describe("consumeBatch", () => {
  it("sends a sink's records in one request and acks them on success", async () => {
    const calls: Array<{ url: string; headers: Headers }> = [];
    const ms = [message("1", cb("r1")), message("2", cb("r2"))];
    await consumeBatch(
      ms.map((m) => m.q),
      deps(200, { GENERIC_LOGGER_ENDPOINT: "https://logs.example/in" }, calls),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers.get("idempotency-key")).toBe("r1:generic_api,r2:generic_api");
    expect(ms.every((m) => m.acked && m.retried === undefined)).toBe(true);
  });

  it("retries with backoff when the sink fails, honouring a longer Retry-After", async () => {
    const calls: Array<{ url: string; headers: Headers }> = [];
    const a = message("1", cb("r1"), 3);
    await consumeBatch([a.q], deps(503, { GENERIC_LOGGER_ENDPOINT: "https://logs.example/in" }, calls));
    expect(a.acked).toBe(false);
    expect(a.retried).toBe(4);
    const b = message("2", cb("r2"), 1);
    await consumeBatch([b.q], deps(429, { GENERIC_LOGGER_ENDPOINT: "https://logs.example/in" }, calls));
    expect(b.retried).toBe(120);
    expect([1, 2, 3, 9, 30].map((n) => retryDelaySeconds(n))).toEqual([1, 2, 4, 256, 300]);
  });

  it("retries while a sink's variable is unset, and drops only what can never be delivered", async () => {
    const calls: Array<{ url: string; headers: Headers }> = [];
    const unset = message("1", cb("r1"));
    const invalid = message("2", { kind: "callback", sink: "datadog" });
    const gone = message("3", cb("r3", { scope: "key", id: "gone", index: 0 }));
    await consumeBatch([unset.q, invalid.q, gone.q], deps(200, {}, calls));
    expect(calls).toHaveLength(0);
    expect(unset.retried).toBe(1);
    expect(invalid.acked).toBe(true);
    expect(gone.acked).toBe(true);
  });

  it("a tenant's callback goes to the tenant's endpoint with none of the gateway's sink settings", async () => {
    const calls: Array<{ url: string; headers: Headers }> = [];
    const t = message("1", cb("r1", { scope: "team", id: "t1", index: 0 }));
    await consumeBatch(
      [t.q],
      deps(
        200,
        {
          GENERIC_LOGGER_ENDPOINT: "https://gateway.example/in",
          GENERIC_LOGGER_HEADERS: "Authorization=Bearer gw-secret",
        },
        calls,
      ),
    );
    expect(calls.map((c) => c.url)).toEqual(["https://tenant.example/log"]);
    expect(calls[0]!.headers.get("authorization")).toBeNull();
    expect(t.acked).toBe(true);
  });
});
