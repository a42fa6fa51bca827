import type { AlertLedgerObject } from "../../../durable-objects/alert-ledger.js";
import type { MetricsObject } from "../../../durable-objects/metrics.js";
import type { GatewayConfig } from "../../config/schema.js";
import { consoleLogger } from "../../logger.js";
import type { Vars } from "../../observability/callbacks/sink.js";
import { tenantLogging, tenantVars } from "../../observability/callbacks/tenant-callbacks.js";
import { Observer, type TenantDirectory } from "../../observability/observer.js";
import type { HealthStore, ObservabilityPorts, StoredHealth } from "../../observability/ports.js";
import type { ConsumerDeps } from "../../observability/queue/consume.js";
import type { QueueMessage, Tenant } from "../../observability/queue/queue-message.js";
import { settingsOf } from "../../observability/settings.js";

/** Observability bindings (declared in wrangler.toml); each part switches off when its binding is absent. */
export interface ObservabilityBindings {
  DB?: D1Database;
  METRICS?: DurableObjectNamespace<MetricsObject>;
  ALERT_LEDGER?: DurableObjectNamespace<AlertLedgerObject>;
  DELIVERY_QUEUE?: Queue<QueueMessage>;
  /** Callback exports (`s3`), dead letters and spend-log archives. */
  LOGS_BUCKET?: R2Bucket;
  /** Latest background health check. */
  OBSERVABILITY_KV?: KVNamespace;
}

const HEALTH_KEY = "health:latest";

function kvHealthStore(kv: KVNamespace): HealthStore {
  return {
    latest: async () => (await kv.get<StoredHealth>(HEALTH_KEY, "json")) ?? undefined,
    save: (h) => kv.put(HEALTH_KEY, JSON.stringify(h)),
  };
}

const portsPerEnv = new WeakMap<object, ObservabilityPorts>();

/** The observability ports of an env, built once per isolate. */
export function observabilityPorts(env: ObservabilityBindings): ObservabilityPorts {
  const hit = portsPerEnv.get(env);
  if (hit) return hit;
  const metrics = env.METRICS;
  const ledger = env.ALERT_LEDGER;
  const queue = env.DELIVERY_QUEUE;
  const ports: ObservabilityPorts = {
    metrics: metrics && {
      add: async (batch) => {
        await metrics.get(metrics.idFromName("metrics")).add(JSON.stringify(batch));
      },
      snapshot: () => metrics.get(metrics.idFromName("metrics")).snapshot(),
    },
    alerts: ledger && {
      claim: (c, w) => ledger.get(ledger.idFromName("alerts")).claim(c, w),
      noteFailure: (p, d) => ledger.get(ledger.idFromName("alerts")).noteFailure(p, d),
    },
    queue: queue && {
      send: async (messages) => {
        await queue.sendBatch(messages.map((body) => ({ body, contentType: "json" as const })));
      },
    },
    health: env.OBSERVABILITY_KV && kvHealthStore(env.OBSERVABILITY_KV),
  };
  portsPerEnv.set(env, ports);
  return ports;
}

/** Key and team metadata from D1 (their `metadata.logging` entries). */
export function d1TenantDirectory(db: D1Database): TenantDirectory {
  const read = async (sql: string, id: string) => {
    const row = await db.prepare(sql).bind(id).first<{ data: string }>();
    return row ? (JSON.parse(row.data) as { metadata?: unknown }).metadata : undefined;
  };
  return {
    keyMetadata: (hash) => read("SELECT data FROM keys WHERE token = ?", hash),
    teamMetadata: (id) => read("SELECT data FROM teams WHERE team_id = ?", id),
  };
}

const observers = new WeakMap<object, Observer>();
/** The env's latest observer, for what the state ports report (lost spend records). */
const observerOfEnv = new WeakMap<object, Observer>();

/** The isolate's Observer for this env and config (the spine's `finish` hands every request to it). */
export function observerFor(env: ObservabilityBindings, config: GatewayConfig): Observer {
  let o = observers.get(config);
  if (!o) {
    o = new Observer({
      settings: settingsOf(config),
      ports: observabilityPorts(env),
      tenants: env.DB ? d1TenantDirectory(env.DB) : undefined,
      now: () => Date.now(),
      log: consoleLogger,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    });
    observers.set(config, o);
  }
  observerOfEnv.set(env, o);
  return o;
}

/**
 * Spend records the spend sink could not hand over (failed_tracking): an alert through the env's
 * observer. The promise is the alert's work, for the caller to keep alive.
 */
export function reportLostSpend(
  env: ObservabilityBindings,
  records: number,
  error: unknown,
): Promise<unknown> | undefined {
  const o = observerOfEnv.get(env);
  if (!o) return undefined;
  const work: Array<Promise<unknown>> = [];
  o.failedTracking({ records, error: String(error) }, (p) => work.push(p));
  return work.length ? Promise.all(work) : undefined;
}

/** What the queue consumer needs, from the env. */
export function consumerDeps(
  env: ObservabilityBindings & Record<string, unknown>,
  config: GatewayConfig,
): ConsumerDeps {
  const vars: Vars = (n) => {
    const v = env[n] ?? config.environment_variables[n];
    return typeof v === "string" ? v : undefined;
  };
  const directory = env.DB ? d1TenantDirectory(env.DB) : undefined;
  const bucket = env.LOGS_BUCKET;
  return {
    settings: settingsOf(config),
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    log: consoleLogger,
    env: vars,
    async tenantVars(t: Tenant) {
      if (!directory) return undefined;
      const meta = t.scope === "key" ? await directory.keyMetadata(t.id) : await directory.teamMetadata(t.id);
      const entry = tenantLogging(meta).find((e) => e.index === t.index)?.entry;
      return entry ? tenantVars(entry, vars) : undefined;
    },
    putObject: bucket
      ? async (key, body) => {
          await bucket.put(key, body, { httpMetadata: { contentType: "application/x-ndjson" } });
        }
      : undefined,
  };
}
