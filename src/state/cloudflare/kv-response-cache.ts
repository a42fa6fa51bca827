import { type CacheEntry, decodeEntry, encodeEntry, freshAge } from "../../cache/cache-entry.js";
import type { CacheAddress, CacheHit, PutResult, ResponseCache } from "../../cache/response-cache.js";
import { TtlCache } from "../ttl-cache.js";

/** KV refuses an expirationTtl under 60 s; shorter lifetimes are enforced on read (expires_at). */
const KV_MIN_TTL_SECONDS = 60;
/** How long an isolate trusts the generation it read (a flush elsewhere is seen within this, plus KV's propagation). */
const GENERATION_TRUST_MS = 30_000;

/**
 * The response cache in Workers KV. One value per entry: the entry's JSON (answer plus created_at,
 * model group, usage, cost), at `cache/<namespace>/<generation>/<key hash>`, expiring with the
 * entry (KV's expirationTtl, at least 60 s; expires_at is checked on every read, so a shorter ttl or
 * an s-maxage is exact).
 *
 * Namespace flush: KV has no prefix delete, so each namespace has a generation number (KV key
 * `cache-generation/<namespace>`, 0 when absent) that is part of every entry's storage key. A
 * flush increments it: entries of the old generation are never read again and expire on their own.
 * An isolate re-reads a generation at most every 30 s, so a flush (like any KV write) is seen
 * everywhere within KV's propagation delay (up to 60 s) plus 30 s, and at once by the isolate that
 * ran it. A miss costs one KV read (plus, once per 30 s per isolate and namespace, the generation).
 */
export class KvResponseCache implements ResponseCache {
  readonly kind = "kv" as const;
  private readonly generations: TtlCache<string, number>;

  constructor(
    private readonly kv: KVNamespace,
    private readonly opts: { now: () => number },
  ) {
    this.generations = new TtlCache(GENERATION_TRUST_MS, 1000, opts.now);
  }

  private async generation(namespace: string): Promise<number> {
    const known = this.generations.get(namespace);
    if (known !== undefined) return known;
    const text = await this.kv.get(generationKey(namespace), "text");
    const gen = Number(text ?? 0) || 0;
    this.generations.set(namespace, gen);
    return gen;
  }

  private async storageKey(at: CacheAddress): Promise<string> {
    return `cache/${at.namespace}/${await this.generation(at.namespace)}/${at.key}`;
  }

  async get(at: CacheAddress, opts: { maxAgeMs?: number } = {}): Promise<CacheHit | undefined> {
    const text = await this.kv.get(await this.storageKey(at), "text");
    if (text === null) return undefined;
    const entry = decodeEntry(text);
    if (!entry) return undefined;
    const ageMs = freshAge(entry, this.opts.now(), opts.maxAgeMs);
    return ageMs === undefined ? undefined : { entry, ageMs };
  }

  async put(at: CacheAddress, entry: CacheEntry, opts: { maxBytes: number; scope: string }): Promise<PutResult> {
    const text = encodeEntry(entry, opts.maxBytes);
    if (text === undefined) return { stored: false, reason: "too_large" };
    const ttlSeconds = Math.max(KV_MIN_TTL_SECONDS, Math.ceil((entry.expires_at - this.opts.now()) / 1000));
    await this.kv.put(await this.storageKey(at), text, { expirationTtl: ttlSeconds });
    return { stored: true };
  }

  async delete(at: readonly CacheAddress[]): Promise<void> {
    await Promise.all(at.map(async (a) => this.kv.delete(await this.storageKey(a))));
  }

  async flush(namespace: string): Promise<number> {
    const current = Number((await this.kv.get(generationKey(namespace), "text")) ?? 0) || 0;
    const next = current + 1;
    await this.kv.put(generationKey(namespace), String(next));
    this.generations.set(namespace, next);
    return next;
  }

  async ping(): Promise<void> {
    await this.kv.get("cache-ping", "text");
  }
}

const generationKey = (namespace: string) => `cache-generation/${namespace}`;
