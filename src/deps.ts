import type { RuntimeConfig } from "./runtime-config.js";
import type { AiBinding } from "./providers/provider.js";
import type { Logger } from "./logger.js";
import type { AdminStore } from "./admin/store.js";
import type { ObservabilityPorts } from "./observability/ports.js";
import type { Observer } from "./observability/observer.js";
import type { ResponseStore } from "./responses/store.js";
import type { RouterStatePort } from "./routing/router-types.js";
import type { AccountLedgers, KeyAuthenticator, Readiness, SpendSink } from "./state/ports.js";
import type { CacheStatsQueries } from "./cache/cache-stats.js";
import type { ResponseCache } from "./cache/response-cache.js";
import type { SemanticIndex } from "./cache/semantic-index.js";
import type { UiSessionStore } from "./state/ui-session-store.js";
import type { ActivityQueries } from "./admin/activity-queries.js";

/**
 * Narrow interfaces to state. Durable Objects / D1 / KV implement them on Workers
 * (state/cloudflare/), Maps in the library and unit tests (state/memory/).
 */
export interface StatePorts {
  spend: SpendSink;
  /** Virtual keys; absent when the deployment has no key store (master key only). */
  keys?: KeyAuthenticator;
  /** Per-model-group routing state (usage windows, in-flight, latency, cooldowns). */
  router?: RouterStatePort;
  /** Budgets and limits of keys, teams, users and end users; absent = nothing is limited. */
  ledgers?: AccountLedgers;
  /** Management records and spend logs; absent = no management API. */
  admin?: AdminStore;
  /** Metrics, the delivery queue, alert deduplication, stored health checks; absent = none of them. */
  observability?: ObservabilityPorts;
  /** Stored Responses API responses; absent = `store` and `previous_response_id` are unavailable. */
  responses?: ResponseStore;
  /** Whether every binding behind these ports is usable (absent: nothing to wait for). */
  readiness?(): Promise<Readiness>;
  /** The shared response cache store (KV on Workers); absent = an isolate-local memory store is used. */
  cache?: ResponseCache;
  /** The semantic cache's vector index (Vectorize or a Durable Object per scope); absent = in memory. */
  semanticIndex?: SemanticIndex;
  /** Cache hits, misses and saved cost from the spend logs; absent = no report. */
  cacheStats?: CacheStatsQueries;
  /** Dashboard sign-in sessions (/ui); absent = no dashboard sign-in. */
  uiSessions?: UiSessionStore;
  /** Hourly activity reports and paged spend logs for the dashboard; absent = none. */
  activity?: ActivityQueries;
}

/** What pipeline stages may reach. Everything time-, id- or I/O-dependent comes in through here. */
export interface Deps {
  config: RuntimeConfig;
  fetch: typeof fetch;
  now: () => number;
  /** Random id with a prefix, e.g. id("chatcmpl") */
  id: (prefix: string) => string;
  /** Run work after the response (ctx.waitUntil on Workers). Must not throw. */
  defer: (work: Promise<unknown>) => void;
  log: Logger;
  state: StatePorts;
  bindings: { ai?: AiBinding };
  /** Per-isolate cache for provider tokens and similar. */
  providerCache: Map<string, unknown>;
  /** Metrics, logging callbacks and alerts of finished requests (one per isolate); absent = none (library mode). */
  observer?: Observer;
  /**
   * Abort the upstream call when the client's request signal fires (library mode). On Workers the
   * runtime cancels the invocation, and its subrequests, when the client goes away, and a stream
   * the client stops reading is cancelled through its body; watching the signal there only costs
   * CPU on every request.
   */
  watchClientSignal?: boolean;
}

// Made on first use: workerd allows random values only while handling a request.
let isolateTag: string | undefined;
let counter = 0;

/**
 * A unique id with a prefix: a random tag per isolate plus a counter (no crypto call per id). The
 * counter is fixed-width, so one isolate's ids sort in the order they were made and index
 * inserts (spend_logs is keyed by request id) land next to each other.
 */
export function randomId(prefix: string): string {
  isolateTag ??= crypto.randomUUID().replace(/-/g, "").slice(0, 20);
  return `${prefix}-${isolateTag}${(counter++).toString(36).padStart(8, "0")}`;
}
