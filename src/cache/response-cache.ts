import type { CacheEntry } from "./cache-entry.js";

/** Where an entry lives: a namespace and the key's hash (cacheKey()). */
export interface CacheAddress {
  namespace: string;
  key: string;
}

export interface CacheHit {
  entry: CacheEntry;
  /** How old the entry is (ms): the `age` header. */
  ageMs: number;
}

export type PutResult = { stored: true } | { stored: false; reason: "too_large" };

/**
 * The exact-match response store. KV on Workers (src/state/cloudflare/kv-response-cache.ts), a
 * bounded Map in the library (memory-response-cache.ts); both serve the same entries the same way.
 */
export interface ResponseCache {
  readonly kind: "kv" | "memory";
  /** The entry at `at` if it has not expired and (with `maxAgeMs`, the request's s-maxage) is young enough. */
  get(at: CacheAddress, opts?: { maxAgeMs?: number }): Promise<CacheHit | undefined>;
  /**
   * Store an entry until its `expires_at`. Skipped (not an error) when its serialized form is over
   * `maxBytes`. `scope` lets a store bound entries per scope (the memory store does).
   */
  put(at: CacheAddress, entry: CacheEntry, opts: { maxBytes: number; scope: string }): Promise<PutResult>;
  /** Remove entries (admin: /cache/delete). Keys that are not there are ignored. */
  delete(at: readonly CacheAddress[]): Promise<void>;
  /** Drop every entry of a namespace (admin); returns the namespace's new generation. */
  flush(namespace: string): Promise<number>;
  /** Resolves when the store answers; throws with the reason when it does not (admin: /cache/ping). */
  ping(): Promise<void>;
}
