import type { StatePorts } from "../../deps.js";
import { LogSpendSink } from "./log-spend-sink.js";
import type { RouterStateObject } from "../../../durable-objects/router-state.js";
import { DurableRouterState } from "./router-state.js";
import type { AccountLedgerObject } from "../../../durable-objects/account-ledger.js";
import type { SpendOutboxObject } from "../../../durable-objects/spend-outbox.js";
import { d1AdminStore } from "./d1-admin-store.js";
import { DurableLedgers } from "./durable-ledgers.js";
import { D1KeyAuthenticator, forgetCachedKeys } from "./key-authenticator.js";
import { OutboxSpendSink } from "./outbox-spend-sink.js";
import { BatchingSpendSink } from "../batching-spend-sink.js";
import { logLostSpend } from "../lost-spend.js";
import { consoleLogger } from "../../logger.js";
import { type ObservabilityBindings, observabilityPorts, reportLostSpend } from "./observability.js";
import { D1ResponseStore } from "./d1-response-store.js";
import type { SemanticCacheObject } from "../../../durable-objects/semantic-cache.js";
import { KvResponseCache } from "./kv-response-cache.js";
import { DurableSemanticIndex } from "./durable-semantic-index.js";
import { VectorizeSemanticIndex } from "./vectorize-semantic-index.js";
import { d1CacheStats } from "./d1-cache-stats.js";
import { checkReadiness } from "./readiness.js";
import { D1UiSessionStore } from "./d1-ui-session-store.js";
import { d1ActivityQueries } from "./d1-activity-queries.js";

/** Bindings the Cloudflare state implementations use (declared in wrangler.toml). */
export interface CloudflareBindings extends ObservabilityBindings {
  DB?: D1Database;
  ROUTER_STATE?: DurableObjectNamespace<RouterStateObject>;
  ACCOUNTS?: DurableObjectNamespace<AccountLedgerObject>;
  SPEND_OUTBOX?: DurableObjectNamespace<SpendOutboxObject>;
  /** Large stored Responses API bodies (images, files); small ones stay in D1. */
  RESPONSES_BUCKET?: R2Bucket;
  /** Worker secret that seals runtime models' credentials (as LiteLLM's LITELLM_SALT_KEY). */
  SWITCHYARD_SALT_KEY?: string;
  /** Response cache entries (src/cache/). */
  CACHE?: KVNamespace;
  /** Semantic cache index where Vectorize is not bound: one Durable Object per scope. */
  SEMANTIC_CACHE?: DurableObjectNamespace<SemanticCacheObject>;
  /** Semantic cache index in Vectorize (preferred when bound). */
  SEMANTIC_INDEX?: Vectorize;
}

const perIsolate = new WeakMap<object, StatePorts>();

/**
 * State ports backed by Durable Objects and D1, built once per isolate (they hold bindings and
 * isolate caches, never request-bound I/O objects). Spend records are batched per isolate.
 */
export function cloudflareState(env: CloudflareBindings): StatePorts {
  const hit = perIsolate.get(env);
  if (hit) return hit;
  const db = env.DB;
  let admin: StatePorts["admin"];
  const ports: StatePorts = {
    spend: env.SPEND_OUTBOX
      ? new BatchingSpendSink(new OutboxSpendSink(env.SPEND_OUTBOX), {
          maxDelayMs: 50,
          maxBatch: 200,
          setTimer: (fn, ms) => setTimeout(fn, ms),
          onLost: (recs, error) => {
            logLostSpend(consoleLogger, recs, error);
            return reportLostSpend(env, recs.length, error);
          },
        })
      : new LogSpendSink(),
    router: env.ROUTER_STATE ? new DurableRouterState(env.ROUTER_STATE) : undefined,
    keys: db ? new D1KeyAuthenticator(db) : undefined,
    ledgers: env.ACCOUNTS ? new DurableLedgers(env.ACCOUNTS) : undefined,
    observability: observabilityPorts(env),
    responses: db ? new D1ResponseStore(db, { bucket: env.RESPONSES_BUCKET, now: () => Date.now() }) : undefined,
    cache: env.CACHE ? new KvResponseCache(env.CACHE, { now: () => Date.now() }) : undefined,
    semanticIndex: env.SEMANTIC_INDEX
      ? new VectorizeSemanticIndex(env.SEMANTIC_INDEX)
      : env.SEMANTIC_CACHE
        ? new DurableSemanticIndex(env.SEMANTIC_CACHE)
        : undefined,
    cacheStats: db ? d1CacheStats(db) : undefined,
    uiSessions: db ? new D1UiSessionStore(db) : undefined,
    activity: db ? d1ActivityQueries(db) : undefined,
    // Built on first use: only the management routes need it.
    get admin() {
      if (db && !admin)
        admin = d1AdminStore(db, forgetCachedKeys, {
          modelSecretKey: typeof env.SWITCHYARD_SALT_KEY === "string" ? env.SWITCHYARD_SALT_KEY : undefined,
        });
      return admin;
    },
    readiness: () => checkReadiness(env),
  };
  perIsolate.set(env, ports);
  return ports;
}
