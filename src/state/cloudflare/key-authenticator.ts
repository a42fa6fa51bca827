import { hashKey } from "../../admin/key-material.js";
import { bundleUsable, principalOf, type KeyBundle } from "../../admin/principal-of.js";
import type { Principal } from "../principal.js";
import type { KeyAuthenticator } from "../ports.js";
import { TtlCache } from "../ttl-cache.js";
import { lookupKeyBundle } from "./d1-admin-store.js";

/**
 * Key lookups cached per isolate for a few seconds (hits and misses), by the presented key so a
 * hit costs no hashing (held in isolate memory only, never stored or logged); any management
 * write in this isolate clears the cache. Other isolates may serve a changed key's old
 * models/aliases for up to KEY_CACHE_TTL_MS; blocking, deleting, expiry and every limit are
 * enforced by the key's ledger, at once in this isolate and within one lease (LEASE_TTL_MS) in others.
 * A regenerated key's previous value carries the end of its grace period in the cached bundle, so
 * it stops at that moment in every isolate whatever the cache holds.
 */
export const KEY_CACHE_TTL_MS = 5_000;
const keyCache = new TtlCache<string, KeyBundle | null>(KEY_CACHE_TTL_MS, 10_000);
/** The principal of each cached bundle, built once (read-only downstream); expiry is checked on every use. */
const principals = new WeakMap<KeyBundle, Principal>();

export function forgetCachedKeys(): void {
  keyCache.clear();
}

export class D1KeyAuthenticator implements KeyAuthenticator {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async authenticate(token: string): Promise<Principal | undefined> {
    if (!token.startsWith("sk-") || token.length > 256) return undefined;
    let bundle = keyCache.get(token);
    if (bundle === undefined) {
      bundle = (await lookupKeyBundle(this.db, await hashKey(token))) ?? null;
      keyCache.set(token, bundle);
    }
    if (!bundle) return undefined;
    const now = this.now();
    const known = principals.get(bundle);
    if (known && bundleUsable(bundle, now)) return known;
    const p = principalOf(bundle, now); // throws for a blocked, expired, past-grace or team-blocked key
    principals.set(bundle, p);
    return p;
  }
}
