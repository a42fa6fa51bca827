import type { CacheControls } from "./controls.js";
import type { CacheOperation, CacheSettings } from "./settings.js";

/** What the cache does for one request. */
export interface CachePlan {
  namespace: string;
  /** Look for a stored answer first. */
  lookup: boolean;
  /** Store the fresh answer (after it completed successfully). */
  store: boolean;
  /** The stored entry's lifetime. */
  ttlMs: number;
  /** Accept only an entry younger than this (the request's s-maxage). */
  maxAgeMs?: number;
}

/**
 * Requests whose answer depends on state outside the request are never cached. A Responses call is
 * cached only when it is stateless: `store: false` sent explicitly (a stored response must get an id of
 * its own that later calls can continue), no `previous_response_id` or `conversation` to continue, and
 * not `background`.
 */
export function isStateless(operation: CacheOperation, body: Readonly<Record<string, unknown>>): boolean {
  if (operation === "responses")
    return (
      body.store === false && body.previous_response_id == null && body.conversation == null && body.background !== true
    );
  return true;
}

/**
 * The cache's plan for a request, or undefined when the cache does not apply (off, the operation is
 * not in supported_call_types, or the answer depends on stored state): no cache headers then.
 * LiteLLM's meanings: no-cache skips the lookup but stores; no-store does not store; ttl sets this
 * entry's lifetime; s-maxage accepts only a younger entry; under `mode: default_off` only a request
 * that sends `use-cache: true` uses the cache.
 */
export function planCache(opts: {
  settings: CacheSettings | undefined;
  operation: CacheOperation;
  body: Readonly<Record<string, unknown>>;
  controls: CacheControls;
}): CachePlan | undefined {
  const { settings: s, controls: c } = opts;
  if (!s?.operations.has(opts.operation) || !isStateless(opts.operation, opts.body)) return undefined;
  const optedIn = s.mode === "default_on" || c.useCache;
  return {
    namespace: c.namespace ?? s.namespace,
    lookup: optedIn && !c.noCache,
    store: optedIn && !c.noStore,
    ttlMs: c.ttlSeconds !== undefined ? Math.round(c.ttlSeconds * 1000) : s.ttlMs,
    maxAgeMs: c.maxAgeSeconds !== undefined ? Math.round(c.maxAgeSeconds * 1000) : undefined,
  };
}

export type CacheStatus = "HIT" | "MISS" | "BYPASS";

/**
 * Response headers: `x-switchyard-cache` HIT (served from the cache), MISS (looked up, not found)
 * or BYPASS (the request skipped the lookup); `x-switchyard-cache-key` (the hash; what
 * /cache/delete takes); `age` (seconds) on a hit; `x-switchyard-cache-similarity` on a semantic hit.
 */
export function cacheHeaders(r: {
  status: CacheStatus;
  key?: string;
  ageMs?: number;
  similarity?: number;
}): Record<string, string> {
  const h: Record<string, string> = { "x-switchyard-cache": r.status };
  if (r.key) h["x-switchyard-cache-key"] = r.key;
  if (r.ageMs !== undefined) h.age = String(Math.floor(r.ageMs / 1000));
  if (r.similarity !== undefined) h["x-switchyard-cache-similarity"] = r.similarity.toFixed(4);
  return h;
}

/** The lookup status of a plan whose lookup found nothing (or did not run). */
export function statusWithoutHit(plan: CachePlan): "MISS" | "BYPASS" {
  return plan.lookup ? "MISS" : "BYPASS";
}
