import { hashKey } from "../../admin/key-material.js";
import { bundleUsable, principalOf, type KeyBundle } from "../../admin/principal-of.js";
import { ServiceUnavailableError } from "../../errors/gateway-error.js";
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
 *
 * While D1 cannot be reached, a key looked up in the last KEY_GRACE_MS is served from that last
 * lookup (its ledger still enforces blocks, deletes and limits); any other key is a 503 with
 * retry-after, never a 500.
 */
export const KEY_CACHE_TTL_MS = 5_000;
export const KEY_GRACE_MS = 5 * 60_000;
const MAX_CACHED_KEYS = 10_000;

/** This isolate's cached lookups: fresh ones, and the last known answer for the grace period. */
export class KeyLookups {
  readonly fresh: TtlCache<string, KeyBundle | null>;
  readonly lastKnown: TtlCache<string, KeyBundle>;

  constructor(now: () => number = () => Date.now()) {
    this.fresh = new TtlCache(KEY_CACHE_TTL_MS, MAX_CACHED_KEYS, now);
    this.lastKnown = new TtlCache(KEY_GRACE_MS, MAX_CACHED_KEYS, now);
  }
}

const isolateLookups = new KeyLookups();

/** A management write: the next lookups go to D1 (the last known answers stay for an outage). */
export function forgetCachedKeys(): void {
  isolateLookups.fresh.clear();
}

/** The principal of each cached bundle, built once (read-only downstream); expiry is checked on every use. */
const principals = new WeakMap<KeyBundle, Principal>();

export class D1KeyAuthenticator implements KeyAuthenticator {
  private readonly now: () => number;
  private readonly lookups: KeyLookups;

  constructor(
    private readonly db: D1Database,
    opts: { now?: () => number; lookups?: KeyLookups } = {},
  ) {
    this.now = opts.now ?? (() => Date.now());
    this.lookups = opts.lookups ?? isolateLookups;
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    if (!token.startsWith("sk-") || token.length > 256) return undefined;
    let bundle = this.lookups.fresh.get(token);
    if (bundle === undefined) {
      bundle = await this.lookup(token);
      this.lookups.fresh.set(token, bundle);
    }
    if (!bundle) return undefined;
    const now = this.now();
    const known = principals.get(bundle);
    if (known && bundleUsable(bundle, now)) return known;
    const p = principalOf(bundle, now); // throws for a blocked, expired, past-grace or team-blocked key
    principals.set(bundle, p);
    return p;
  }

  private async lookup(token: string): Promise<KeyBundle | null> {
    let found: KeyBundle | undefined;
    try {
      found = await lookupKeyBundle(this.db, await hashKey(token));
    } catch (e) {
      const last = this.lookups.lastKnown.get(token);
      if (last) return last;
      throw new ServiceUnavailableError("the key store cannot be reached right now; retry shortly", {
        code: "key_store_unavailable",
        retryAfter: 1,
        cause: e,
      });
    }
    if (found) this.lookups.lastKnown.set(token, found);
    else this.lookups.lastKnown.delete(token);
    return found ?? null;
  }
}
