import { z } from "zod";
import { SpendQuery } from "./schemas.js";
import { spendFilter } from "./spend.js";
import { CacheNamespace } from "../config/cache-params.js";
import { InternalServerError, ServiceUnavailableError } from "../errors/gateway-error.js";
import type { CacheRuntime } from "../cache/cache-runtime.js";
import type { CacheStatsQueries } from "../cache/cache-stats.js";
import type { CacheAddress } from "../cache/response-cache.js";

/** Cache administration: /cache/ping, /cache/delete, /cache/flush, /cache/stats (LiteLLM's shapes where it has them). */

/** A key as /cache/delete takes it: the hash from `x-switchyard-cache-key`, or LiteLLM's "namespace:hash". */
const KeyRef = z
  .string()
  .regex(
    /^(?:[A-Za-z0-9_.-]{1,64}:)?[0-9a-f]{64}$/,
    "expected a cache key: 64 hex characters, optionally namespace:key",
  );

export const CacheDeleteRequest = z.strictObject({
  keys: z.array(KeyRef).min(1).max(1000),
  /** The namespace of keys given without one (default: cache_params.namespace). */
  namespace: CacheNamespace.optional(),
});
export type CacheDeleteRequest = z.infer<typeof CacheDeleteRequest>;

export const CacheFlushRequest = z.strictObject({ namespace: CacheNamespace.optional() });
export type CacheFlushRequest = z.infer<typeof CacheFlushRequest>;

export const CacheStatsQuery = SpendQuery.pick({
  start_date: true,
  end_date: true,
  api_key: true,
  team_id: true,
  model: true,
});
export type CacheStatsQuery = z.infer<typeof CacheStatsQuery>;

/** The cache, or LiteLLM's 503 when it is off. */
export function requireCache(rt: CacheRuntime | undefined): CacheRuntime {
  if (!rt)
    throw new ServiceUnavailableError("the response cache is off: set litellm_settings.cache: true in config.yaml", {
      code: "cache_not_enabled",
    });
  return rt;
}

/** GET /cache/ping: the cache's type and whether its store answers (503 naming the failure when not). */
export async function cachePing(rt: CacheRuntime) {
  const s = rt.settings;
  try {
    await rt.store.ping();
  } catch (e) {
    throw new ServiceUnavailableError(
      `the ${rt.store.kind} cache store does not respond: ${e instanceof Error ? e.message : String(e)}`,
      { code: "cache_ping_error" },
    );
  }
  return {
    status: "healthy",
    cache_type: s.type ?? rt.store.kind,
    store: rt.store.kind,
    ping_response: true,
    ...(rt.semantic ? { semantic_index: rt.semantic.kind } : {}),
    litellm_cache_params: {
      ttl: s.ttlMs / 1000,
      namespace: s.namespace,
      mode: s.mode,
      scope: s.scope,
      supported_call_types: [...s.operations],
      ...(rt.semantic ? { similarity_threshold: s.similarityThreshold, embedding_model: s.embeddingModel } : {}),
    },
  };
}

/** POST /cache/delete {"keys": [...]}: LiteLLM's answer `{"status": "success"}` (keys not there are ignored). */
export async function cacheDelete(rt: CacheRuntime, body: CacheDeleteRequest) {
  const at: CacheAddress[] = body.keys.map((k) => {
    const i = k.lastIndexOf(":");
    return i < 0
      ? { namespace: body.namespace ?? rt.settings.namespace, key: k }
      : { namespace: k.slice(0, i), key: k.slice(i + 1) };
  });
  await rt.store.delete(at);
  return { status: "success", deleted_keys: at.length };
}

/** POST /cache/flush {"namespace"?}: every entry of the namespace stops being served. */
export async function cacheFlush(rt: CacheRuntime, body: CacheFlushRequest) {
  const namespace = body.namespace ?? rt.settings.namespace;
  const generation = await rt.store.flush(namespace);
  return { status: "success", namespace, generation };
}

/** GET /cache/stats: hits, misses, hit rate and saved spend (USD and micro-dollars), per day too. */
export async function cacheStats(stats: CacheStatsQueries | undefined, q: CacheStatsQuery) {
  if (!stats)
    throw new InternalServerError("no database is configured for cache statistics: bind a D1 database as DB", {
      code: "no_db_connection",
    });
  const f = await spendFilter({ ...q, limit: 1 });
  const t = await stats.totals({
    start: f.start,
    end: f.end,
    keyHash: f.keyHash,
    teamId: q.team_id,
    modelGroup: q.model,
  });
  const view = (x: { hits: number; misses: number; savedCostMicros: number }) => ({
    hits: x.hits,
    misses: x.misses,
    hit_rate: x.hits + x.misses ? x.hits / (x.hits + x.misses) : 0,
    saved_spend: x.savedCostMicros / 1_000_000,
    saved_cost_micros: x.savedCostMicros,
  });
  return { ...view(t), daily: t.daily.map((d) => ({ date: d.day, ...view(d) })) };
}
