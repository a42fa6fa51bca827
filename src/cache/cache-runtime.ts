import type { RuntimeConfig } from "../runtime-config.js";
import type { Logger } from "../logger.js";
import type { StatePorts } from "../deps.js";
import type { CacheEntry } from "./cache-entry.js";
import { Coalescer } from "./coalescer.js";
import { MemoryResponseCache } from "./memory-response-cache.js";
import { MemorySemanticIndex } from "./memory-semantic-index.js";
import type { ResponseCache } from "./response-cache.js";
import type { SemanticIndex } from "./semantic-index.js";
import { TieredResponseCache } from "./tiered-response-cache.js";
import { type CacheSettings, cacheSettingsOf } from "./settings.js";

/** A follower waits this long for its leader's answer, then calls upstream on its own. */
export const COALESCE_MAX_WAIT_MS = 60_000;
/** The isolate-local memory store's bound over all scopes. */
const MEMORY_MAX_ENTRIES = 10_000;

/** Everything a request needs from the cache, built once per isolate and config. */
export interface CacheRuntime {
  settings: CacheSettings;
  store: ResponseCache;
  /** The vector index, for `type: semantic` only. */
  semantic: SemanticIndex | undefined;
  /** Identical requests in flight in this isolate (coalescing): followers get the leader's entry. */
  inFlight: Coalescer<CacheEntry>;
}

const runtimes = new WeakMap<RuntimeConfig, CacheRuntime | null>();

/**
 * The cache for this config, or undefined when `litellm_settings.cache` is not true. The store is
 * the state's shared one (KV on Workers) with the isolate's memory in front for
 * `default_in_memory_ttl`, unless `type: memory` asks for the isolate's own, or there is none
 * (library mode): then a bounded Map.
 */
export function cacheRuntimeOf(deps: {
  config: RuntimeConfig;
  state: StatePorts;
  now: () => number;
  log: Logger;
}): CacheRuntime | undefined {
  const known = runtimes.get(deps.config);
  if (known !== undefined) return known ?? undefined;
  const settings = cacheSettingsOf(deps.config.raw);
  const rt = settings ? build(settings, deps) : null;
  runtimes.set(deps.config, rt);
  return rt ?? undefined;
}

function build(settings: CacheSettings, deps: { state: StatePorts; now: () => number; log: Logger }): CacheRuntime {
  const memory = () =>
    new MemoryResponseCache({
      now: deps.now,
      maxEntriesPerScope: settings.maxEntriesPerScope,
      maxEntries: MEMORY_MAX_ENTRIES,
    });
  const shared = settings.type === "memory" ? undefined : deps.state.cache;
  if (!shared && (settings.type === "kv" || settings.type === "semantic"))
    deps.log.warn(
      `cache_params.type is ${settings.type} but no shared cache store is bound (CACHE in wrangler.toml): caching in this isolate's memory`,
    );
  const tiered =
    shared && settings.memoryTierMs > 0
      ? new TieredResponseCache(shared, { now: deps.now, memoryTtlMs: settings.memoryTierMs })
      : shared;
  return {
    settings,
    store: tiered ?? memory(),
    semantic: settings.type === "semantic" ? (deps.state.semanticIndex ?? new MemorySemanticIndex()) : undefined,
    inFlight: new Coalescer<CacheEntry>({
      maxWaitMs: COALESCE_MAX_WAIT_MS,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    }),
  };
}
