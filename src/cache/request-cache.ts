import type { Principal } from "../state/principal.js";
import type { ChatCompletion, Usage } from "../openai/chat-response.js";
import { type CacheEntry, newEntry } from "./cache-entry.js";
import { cacheKey } from "./cache-key.js";
import { type CachePlan, type CacheStatus, cacheHeaders, planCache, statusWithoutHit } from "./cache-plan.js";
import type { CacheRuntime } from "./cache-runtime.js";
import { cacheScope } from "./cache-scope.js";
import { chatStreamRecorder } from "./chat-stream-recorder.js";
import type { Joined } from "./coalescer.js";
import { checkAllowedControls, readCacheControls } from "./controls.js";
import { KEY_OPERATION } from "./key-fields.js";
import { type SemanticLookup, semanticLookup, semanticRemember } from "./semantic-cache.js";
import type { CacheOperation } from "./settings.js";
import { storableFinish } from "./store-policy.js";

/** What the lookup found. A hit carries the stored entry; its age and similarity go into the headers. */
export type CacheLookup =
  | { status: "HIT"; entry: CacheEntry; ageMs: number; key: string; similarity?: number }
  | { status: "MISS" | "BYPASS" };

/**
 * The cache's part in one request (chat, text completion, or a Messages / Responses request in its
 * chat form; embeddings are cached per input with embedding-batch.ts). The spine opens it after
 * authentication, model access and admission, looks up, and on a miss stores the fresh answer once
 * it is complete. Every decision (controls, plan, scope, key) is made once, in open().
 */
export class RequestCache {
  private semantic: SemanticLookup | undefined;

  private constructor(
    readonly runtime: CacheRuntime,
    readonly plan: CachePlan,
    readonly scope: string,
    readonly key: string,
    private readonly ctx: { modelGroup: string; operation: CacheOperation; body: Readonly<Record<string, unknown>> },
  ) {}

  /**
   * The cache for this request, or undefined when it does not apply (cache off, operation not
   * cached, a stateful request). Malformed controls, and controls the key may not use
   * (`allowedControls`, the key's allowed_cache_controls), are a 400 naming them.
   */
  static async open(opts: {
    runtime: CacheRuntime | undefined;
    principal: Principal;
    allowedControls?: readonly string[];
    operation: Exclude<CacheOperation, "embeddings">;
    modelGroup: string;
    body: Readonly<Record<string, unknown>>;
    headers: Headers;
  }): Promise<RequestCache | undefined> {
    const rt = opts.runtime;
    if (!rt) return undefined;
    const controls = readCacheControls(opts.body, opts.headers);
    checkAllowedControls(controls, opts.allowedControls);
    const plan = planCache({ settings: rt.settings, operation: opts.operation, body: opts.body, controls });
    if (!plan) return undefined;
    const scope = cacheScope(opts.principal, rt.settings.scope);
    const key = await cacheKey({ scope, modelGroup: opts.modelGroup, operation: opts.operation, body: opts.body });
    return new RequestCache(rt, plan, scope, key, opts);
  }

  /**
   * The exact entry, else (type semantic, with `embed`) the closest stored prompt of the same
   * partition. `embed` is the gateway's call to the embedding model group, routed, budgeted and
   * logged like any request; on a miss its vector is kept for store().
   */
  async lookup(opts: { embed?: (text: string) => Promise<number[]> } = {}): Promise<CacheLookup> {
    const { store, semantic } = this.runtime;
    if (this.plan.lookup) {
      const hit = await store.get({ namespace: this.plan.namespace, key: this.key }, { maxAgeMs: this.plan.maxAgeMs });
      if (hit) return { status: "HIT", entry: hit.entry, ageMs: hit.ageMs, key: this.key };
    }
    if (semantic && opts.embed && (this.plan.lookup || this.plan.store)) {
      this.semantic = await semanticLookup({
        index: semantic,
        cache: store,
        embed: opts.embed,
        settings: this.runtime.settings,
        plan: this.plan,
        scope: this.scope,
        ...this.ctx,
      });
      const h = this.semantic.hit;
      if (h) return { status: "HIT", entry: h.entry, ageMs: h.ageMs, key: h.key, similarity: h.similarity };
    }
    return { status: statusWithoutHit(this.plan) };
  }

  /**
   * Coalescing: lead this key, or follow an identical request of this isolate already in flight
   * (its entry is the answer; treat it as read-only). Only for requests that look up (a no-cache
   * request wants its own fresh answer): undefined otherwise.
   */
  join(): Joined<CacheEntry> | undefined {
    return this.plan.lookup ? this.runtime.inFlight.join(this.key) : undefined;
  }

  /** Response headers for the lookup's outcome. */
  headers(l: CacheLookup): Record<string, string> {
    return l.status === "HIT"
      ? cacheHeaders({ status: "HIT", key: l.key, ageMs: l.ageMs, similarity: l.similarity })
      : cacheHeaders({ status: l.status, key: this.key });
  }

  /**
   * What a hit costs against budgets and tpm: nothing, unless `count_hits_in_limits`; then the
   * stored cost and tokens. `savedCostMicros` goes into the spend record either way.
   */
  hitCharge(entry: CacheEntry): { costMicros: number; tokens: number; savedCostMicros: number } {
    const counted = this.runtime.settings.countHitsInLimits;
    return {
      costMicros: counted ? entry.cost_micros : 0,
      tokens: counted ? (entry.usage?.total_tokens ?? 0) : 0,
      savedCostMicros: entry.cost_micros,
    };
  }

  /** A completed chat answer as an entry, or undefined when it may not be stored (incomplete, or cut unless configured). */
  chatEntry(c: ChatCompletion, costMicros: number, now: number): CacheEntry | undefined {
    if (!this.plan.store || !storableFinish(c.choices, this.runtime.settings)) return undefined;
    return this.entry({ answer: c, usage: c.usage, costMicros, now });
  }

  /** Any operation's answer as an entry (the caller decided it is complete). */
  entry(a: { answer: unknown; usage: Usage | CacheEntry["usage"]; costMicros: number; now: number }): CacheEntry {
    return newEntry({
      operation: KEY_OPERATION[this.ctx.operation],
      modelGroup: this.ctx.modelGroup,
      answer: a.answer,
      usage: a.usage
        ? {
            prompt_tokens: a.usage.prompt_tokens,
            completion_tokens: a.usage.completion_tokens,
            total_tokens: a.usage.total_tokens,
          }
        : undefined,
      costMicros: a.costMicros,
      now: a.now,
      ttlMs: this.plan.ttlMs,
    });
  }

  /** Store a fresh entry (and make it findable by close prompts, type semantic). Run it after the response (defer). */
  async store(entry: CacheEntry): Promise<void> {
    if (!this.plan.store) return;
    const at = { namespace: this.plan.namespace, key: this.key };
    const put = await this.runtime.store.put(at, entry, {
      maxBytes: this.runtime.settings.maxEntryBytes,
      scope: this.scope,
    });
    const { semantic } = this.runtime;
    if (!semantic || !this.semantic) return;
    if (this.semantic.stale.length) await semantic.forget(this.scope, this.semantic.stale);
    if (put.stored)
      await semanticRemember({
        index: semantic,
        lookup: this.semantic,
        settings: this.runtime.settings,
        scope: this.scope,
        modelGroup: this.ctx.modelGroup,
        namespace: this.plan.namespace,
        key: this.key,
        now: entry.created_at,
      });
  }

  /**
   * A streamed miss: the client's SSE body passed through a recorder (no delay, no buffering);
   * `onEntry` gets the entry once the stream completed successfully, never for a failed, cut or
   * cancelled stream. `usage` and `costMicros` are read after the last byte (the spine knows them then).
   */
  recordStream(
    body: ReadableStream<Uint8Array>,
    opts: {
      usage: () => Usage | undefined;
      costMicros: () => number;
      now: () => number;
      onEntry: (e: CacheEntry) => void;
    },
  ): ReadableStream<Uint8Array> {
    if (!this.plan.store) return body;
    return body.pipeThrough(
      chatStreamRecorder({
        storeTruncated: this.runtime.settings.storeTruncated,
        usage: opts.usage,
        onComplete: (c) =>
          opts.onEntry(this.entry({ answer: c, usage: c.usage, costMicros: opts.costMicros(), now: opts.now() })),
      }),
    );
  }
}

/** The spend record's cache fields for a lookup's outcome. */
export function cacheSpendFields(l: CacheLookup | undefined): { cache_hit?: boolean; saved_cost_micros?: number } {
  if (!l || l.status === "BYPASS") return {};
  return l.status === "HIT" ? { cache_hit: true, saved_cost_micros: l.entry.cost_micros } : { cache_hit: false };
}

export type { CacheStatus };
