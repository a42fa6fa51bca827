import type { Principal } from "../state/principal.js";
import { embeddingCacheKeys, embeddingItems } from "./cache-key.js";
import { type CachePlan, cacheHeaders, planCache } from "./cache-plan.js";
import type { CacheRuntime } from "./cache-runtime.js";
import { cacheScope } from "./cache-scope.js";
import { checkAllowedControls, readCacheControls } from "./controls.js";
import {
  type EmbeddingHit,
  type EmbeddingList,
  embeddingEntries,
  embeddingHitOf,
  mergeEmbeddingBatch,
  missingInputsBody,
} from "./embedding-batch.js";

/**
 * The cache's part in one embeddings request: one entry per input. The spine opens it, sends
 * `upstreamBody` (only the inputs not found) when there is one, and answers with `merge()`.
 */
export class EmbeddingCache {
  private constructor(
    private readonly runtime: CacheRuntime,
    readonly plan: CachePlan,
    private readonly scope: string,
    private readonly modelGroup: string,
    private readonly keys: string[],
    private readonly items: unknown[],
    /** Inputs found, by their index in the request. */
    readonly hits: ReadonlyMap<number, EmbeddingHit & { costMicros: number }>,
    /** Indexes of the inputs to send upstream, in order. */
    readonly missing: number[],
    /** The request for the missing inputs only; undefined when every input was found. */
    readonly upstreamBody: Record<string, unknown> | undefined,
  ) {}

  /** Undefined when the cache does not apply; a 400 for malformed or disallowed controls. */
  static async open(opts: {
    runtime: CacheRuntime | undefined;
    principal: Principal;
    allowedControls?: readonly string[];
    modelGroup: string;
    body: Readonly<Record<string, unknown>>;
    headers: Headers;
  }): Promise<EmbeddingCache | undefined> {
    const rt = opts.runtime;
    if (!rt) return undefined;
    const controls = readCacheControls(opts.body, opts.headers);
    checkAllowedControls(controls, opts.allowedControls);
    const plan = planCache({ settings: rt.settings, operation: "embeddings", body: opts.body, controls });
    if (!plan) return undefined;
    const scope = cacheScope(opts.principal, rt.settings.scope);
    const keys = await embeddingCacheKeys({ scope, modelGroup: opts.modelGroup, body: opts.body });
    const hits = new Map<number, EmbeddingHit & { costMicros: number }>();
    if (plan.lookup) {
      const found = await Promise.all(
        keys.map((key) => rt.store.get({ namespace: plan.namespace, key }, { maxAgeMs: plan.maxAgeMs })),
      );
      found.forEach((h, i) => {
        const e = h && embeddingHitOf(h.entry);
        if (h && e) hits.set(i, { ...e, costMicros: h.entry.cost_micros });
      });
    }
    const missing = keys.map((_, i) => i).filter((i) => !hits.has(i));
    const upstreamBody = missing.length ? missingInputsBody(opts.body, missing) : undefined;
    const items = embeddingItems(opts.body.input);
    return new EmbeddingCache(rt, plan, scope, opts.modelGroup, keys, items, hits, missing, upstreamBody);
  }

  /** HIT when every input was found, MISS when some or none were (looked up), BYPASS when not looked up. */
  get status(): "HIT" | "MISS" | "BYPASS" {
    if (!this.plan.lookup) return "BYPASS";
    return this.missing.length === 0 ? "HIT" : "MISS";
  }

  /** The cache headers, plus `x-switchyard-cache-inputs: found/total`. */
  headers(): Record<string, string> {
    return {
      ...cacheHeaders({ status: this.status }),
      "x-switchyard-cache-inputs": `${this.hits.size}/${this.keys.length}`,
    };
  }

  /** Spend record fields: a hit only when nothing went upstream; the saved cost of every input found. */
  spendFields(): { cache_hit?: boolean; saved_cost_micros?: number } {
    if (!this.plan.lookup) return {};
    let saved = 0;
    for (const h of this.hits.values()) saved += h.costMicros;
    return { cache_hit: this.missing.length === 0, saved_cost_micros: saved };
  }

  /** The client's answer: found inputs and the upstream's answer for the rest, in the request's order. */
  merge(upstream: EmbeddingList | undefined, model: string): EmbeddingList {
    return mergeEmbeddingBatch({ total: this.keys.length, cached: this.hits, upstream, missing: this.missing, model });
  }

  /** Store the upstream's embeddings, one entry per input sent (run after the response). */
  async store(upstream: EmbeddingList, opts: { costMicros: number; now: number }): Promise<void> {
    if (!this.plan.store || !this.upstreamBody) return;
    const sent = this.missing;
    const entries = embeddingEntries({
      upstream,
      inputs: sent.map((i) => this.items[i]),
      modelGroup: this.modelGroup,
      costMicros: opts.costMicros,
      now: opts.now,
      ttlMs: this.plan.ttlMs,
    });
    await Promise.all(
      entries.map((e, j) =>
        this.runtime.store.put({ namespace: this.plan.namespace, key: this.keys[sent[j]!]! }, e, {
          maxBytes: this.runtime.settings.maxEntryBytes,
          scope: this.scope,
        }),
      ),
    );
  }
}
