import { type CacheEntry, decodeEntry, encodeEntry, freshAge } from "./cache-entry.js";
import type { CacheAddress, CacheHit, PutResult, ResponseCache } from "./response-cache.js";

interface Slot {
  text: string;
  scope: string;
  namespace: string;
}

/**
 * The response cache in a Map (library mode, and an isolate-local cache on Workers): the same
 * entries, expiry, s-maxage and size bound as the KV store. Entries are kept serialized, so a
 * caller that changes an answer it got never changes the stored one. Bounded: at most
 * `maxEntriesPerScope` per scope (one tenant cannot push out another's entries) and `maxEntries`
 * in all; the oldest stored go first.
 */
export class MemoryResponseCache implements ResponseCache {
  readonly kind = "memory" as const;
  /** Insertion-ordered: the first entry is the oldest stored. */
  private readonly slots = new Map<string, Slot>();
  private readonly scopes = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly opts: { now: () => number; maxEntriesPerScope: number; maxEntries?: number }) {}

  private slotKey(at: CacheAddress): string {
    return `${at.namespace}/${this.generations.get(at.namespace) ?? 0}/${at.key}`;
  }

  async get(at: CacheAddress, opts: { maxAgeMs?: number } = {}): Promise<CacheHit | undefined> {
    const k = this.slotKey(at);
    const slot = this.slots.get(k);
    if (!slot) return undefined;
    const entry = decodeEntry(slot.text);
    if (!entry || this.opts.now() >= entry.expires_at) {
      this.remove(k);
      return undefined;
    }
    const ageMs = freshAge(entry, this.opts.now(), opts.maxAgeMs);
    return ageMs === undefined ? undefined : { entry, ageMs };
  }

  async put(at: CacheAddress, entry: CacheEntry, opts: { maxBytes: number; scope: string }): Promise<PutResult> {
    const text = encodeEntry(entry, opts.maxBytes);
    if (text === undefined) return { stored: false, reason: "too_large" };
    const k = this.slotKey(at);
    this.remove(k);
    this.slots.set(k, { text, scope: opts.scope, namespace: at.namespace });
    let keys = this.scopes.get(opts.scope);
    if (!keys) {
      keys = new Set();
      this.scopes.set(opts.scope, keys);
    }
    keys.add(k);
    while (keys.size > this.opts.maxEntriesPerScope) this.remove(keys.values().next().value!);
    const max = this.opts.maxEntries ?? Number.POSITIVE_INFINITY;
    while (this.slots.size > max) this.remove(this.slots.keys().next().value!);
    return { stored: true };
  }

  async delete(at: readonly CacheAddress[]): Promise<void> {
    for (const a of at) this.remove(this.slotKey(a));
  }

  async flush(namespace: string): Promise<number> {
    const next = (this.generations.get(namespace) ?? 0) + 1;
    this.generations.set(namespace, next);
    for (const [k, slot] of this.slots) if (slot.namespace === namespace) this.remove(k);
    return next;
  }

  async ping(): Promise<void> {}

  /** Entries held now (all scopes). */
  get size(): number {
    return this.slots.size;
  }

  private remove(k: string): void {
    const slot = this.slots.get(k);
    if (!slot) return;
    this.slots.delete(k);
    const keys = this.scopes.get(slot.scope);
    keys?.delete(k);
    if (keys?.size === 0) this.scopes.delete(slot.scope);
  }
}
