import { type CacheEntry, encodeEntry, freshAge } from "./cache-entry.js";
import type { CacheAddress, CacheHit, PutResult, ResponseCache } from "./response-cache.js";

/** The memory tier's bounds: at most this many entries, none larger than this (larger ones are read from the shared store). */
const TIER_MAX_ENTRIES = 500;
const TIER_MAX_ENTRY_BYTES = 32 * 1024;

/**
 * A shared store (KV) with this isolate's memory in front. A lookup tries memory first; what the
 * shared store answers, and what this isolate stores, is kept in memory for at most `memoryTtlMs`
 * (never past the entry's own expiry). A hit from memory costs no KV read; a miss costs one. The
 * price is staleness bounded by `memoryTtlMs`: a delete or flush made in another isolate is seen
 * here that much later (KV itself takes up to 60 s to reach other locations). Every hit is a copy,
 * so a caller that changes what it got does not change what is kept.
 */
export class TieredResponseCache implements ResponseCache {
  readonly kind: ResponseCache["kind"];
  /** Insertion-ordered: the first is the oldest kept. */
  private readonly kept = new Map<string, { entry: CacheEntry; until: number }>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly shared: ResponseCache,
    private readonly opts: { now: () => number; memoryTtlMs: number },
  ) {
    this.kind = shared.kind;
  }

  async get(at: CacheAddress, opts?: { maxAgeMs?: number }): Promise<CacheHit | undefined> {
    const slot = this.slot(at);
    const near = this.kept.get(slot);
    if (near) {
      const now = this.opts.now();
      const ageMs = now < near.until ? freshAge(near.entry, now, opts?.maxAgeMs) : undefined;
      if (ageMs !== undefined) return { entry: structuredClone(near.entry), ageMs };
      if (now >= near.until) this.kept.delete(slot);
    }
    const far = await this.shared.get(at, opts);
    if (far) this.keep(slot, structuredClone(far.entry));
    return far;
  }

  async put(at: CacheAddress, entry: CacheEntry, opts: { maxBytes: number; scope: string }): Promise<PutResult> {
    const r = await this.shared.put(at, entry, opts);
    if (r.stored) this.keep(this.slot(at), structuredClone(entry));
    return r;
  }

  async delete(at: readonly CacheAddress[]): Promise<void> {
    for (const a of at) this.kept.delete(this.slot(a));
    await this.shared.delete(at);
  }

  async flush(namespace: string): Promise<number> {
    this.generations.set(namespace, (this.generations.get(namespace) ?? 0) + 1);
    for (const [slot] of this.kept) if (slot.startsWith(`${namespace}/`)) this.kept.delete(slot);
    return this.shared.flush(namespace);
  }

  ping(): Promise<void> {
    return this.shared.ping();
  }

  private slot(at: CacheAddress): string {
    return `${at.namespace}/${this.generations.get(at.namespace) ?? 0}/${at.key}`;
  }

  private keep(slot: string, entry: CacheEntry): void {
    if (encodeEntry(entry, TIER_MAX_ENTRY_BYTES) === undefined) return;
    this.kept.delete(slot);
    this.kept.set(slot, { entry, until: Math.min(entry.expires_at, this.opts.now() + this.opts.memoryTtlMs) });
    while (this.kept.size > TIER_MAX_ENTRIES) this.kept.delete(this.kept.keys().next().value!);
  }
}
