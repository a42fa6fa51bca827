import {
  CACHE_OPERATIONS,
  CALL_TYPE_OPERATION,
  type CacheOperation,
  type CacheParams,
  type CacheType,
  embeddingModelOf,
} from "../config/cache-params.js";
import type { GatewayConfig } from "../config/schema.js";

export type { CacheOperation, CacheType };

/** The response cache's settings, resolved from `litellm_settings.cache` and `cache_params` (times in ms). */
export interface CacheSettings {
  /** undefined: the runtime's default store (KV on Workers when CACHE is bound, memory otherwise). */
  type: CacheType | undefined;
  ttlMs: number;
  /** The namespace entries go to unless a request names another. */
  namespace: string;
  operations: ReadonlySet<CacheOperation>;
  /** default_off: only requests that opt in with `cache: {"use-cache": true}`. */
  mode: "default_on" | "default_off";
  scope: "team" | "key" | "global";
  /** type semantic: the least cosine similarity that counts as the same prompt. */
  similarityThreshold: number;
  /** type semantic: the model group that embeds prompts. */
  embeddingModel: string | undefined;
  /** Entries kept per scope by the memory store and the semantic index. */
  maxEntriesPerScope: number;
  /** Serialized answers larger than this are not stored. */
  maxEntryBytes: number;
  /** Store answers that stopped at max tokens. */
  storeTruncated: boolean;
  /** Hits count against budgets and tpm at the cost and tokens of the answer they replay. */
  countHitsInLimits: boolean;
  /** How long an isolate keeps a shared store's entry in memory (0 = every lookup reads the shared store). */
  memoryTierMs: number;
}

export const CACHE_DEFAULTS = {
  ttlSeconds: 3600,
  namespace: "default",
  similarityThreshold: 0.95,
  maxEntriesPerScope: 1000,
  maxEntryBytes: 1024 * 1024,
  memoryTierSeconds: 30,
} as const;

/** The cache's settings, or undefined when `litellm_settings.cache` is not true (the cache is off). */
export function cacheSettingsOf(config: Pick<GatewayConfig, "litellm_settings">): CacheSettings | undefined {
  const ls = config.litellm_settings;
  if (ls.cache !== true) return undefined;
  const p: CacheParams = ls.cache_params ?? {};
  const operations = new Set<CacheOperation>(
    p.supported_call_types
      ? p.supported_call_types.flatMap((t) => (CALL_TYPE_OPERATION[t] ? [CALL_TYPE_OPERATION[t]] : []))
      : CACHE_OPERATIONS,
  );
  return {
    type: p.type,
    ttlMs: Math.round((p.ttl ?? CACHE_DEFAULTS.ttlSeconds) * 1000),
    namespace: p.namespace ?? CACHE_DEFAULTS.namespace,
    operations,
    mode: p.mode ?? "default_on",
    scope: p.scope ?? "team",
    similarityThreshold: p.similarity_threshold ?? CACHE_DEFAULTS.similarityThreshold,
    embeddingModel: embeddingModelOf(p),
    maxEntriesPerScope: p.max_entries ?? CACHE_DEFAULTS.maxEntriesPerScope,
    maxEntryBytes: p.max_entry_bytes ?? CACHE_DEFAULTS.maxEntryBytes,
    storeTruncated: p.cache_truncated_responses ?? false,
    countHitsInLimits: p.count_hits_in_limits ?? false,
    memoryTierMs: Math.round((p.default_in_memory_ttl ?? CACHE_DEFAULTS.memoryTierSeconds) * 1000),
  };
}
