import { describe, expect, it } from "vitest";
import type { KeyRecord } from "../../../src/admin/records.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import {
  D1KeyAuthenticator,
  KEY_CACHE_TTL_MS,
  KEY_GRACE_MS,
  KeyLookups,
} from "../../../src/state/cloudflare/key-authenticator.js";

const T0 = Date.UTC(2026, 4, 1);
const KEY = "sk-0123456789abcdef0123456789abcdef0123456789abcdef";

const record: KeyRecord = {
  token: "hash",
  token_id: "tid-1",
  key_name: "sk-...cdef",
  key_alias: "app",
  team_id: null,
  user_id: null,
  models: [],
  aliases: {},
  tags: [],
  blocked: false,
  duration: null,
  expires_at: null,
  max_budget_micros: null,
  soft_budget_micros: null,
  budget_duration: null,
  budget_anchor: T0,
  tpm_limit: null,
  rpm_limit: null,
  max_parallel_requests: null,
  metadata: {},
  budget_id: null,
  organization_id: null,
  model_max_budget: {},
  permissions: {},
  allowed_cache_controls: [],
  created_at: T0,
  updated_at: T0,
  version: 1,
};

/** D1 as the authenticator reads it: one row per known key, or a failure while `down`. */
function world() {
  const clock = { now: T0 };
  const d1 = { down: false, known: true };
  const db = {
    prepare: () => ({
      bind: () => ({
        first: async () => {
          if (d1.down) throw new Error("D1_ERROR: Network connection lost.");
          return d1.known ? { k: JSON.stringify(record), t: null, u: null } : null;
        },
      }),
    }),
  } as unknown as D1Database;
  const now = () => clock.now;
  const auth = new D1KeyAuthenticator(db, { now, lookups: new KeyLookups(now) });
  return { clock, d1, auth };
}

async function failure(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("expected a GatewayError");
}

describe("virtual keys while D1 is down", () => {
  it("a key looked up before the outage is served from that lookup for the grace period", async () => {
    const w = world();
    expect(await w.auth.authenticate(KEY)).toMatchObject({ kind: "virtual", keyAlias: "app" });
    w.d1.down = true;
    w.clock.now += KEY_CACHE_TTL_MS + 1; // the fresh cache has expired: the lookup goes to D1, which fails
    expect(await w.auth.authenticate(KEY)).toMatchObject({ kind: "virtual", keyAlias: "app" });
    w.clock.now = T0 + KEY_GRACE_MS + 1;
    const e = await failure(w.auth.authenticate(KEY));
    expect(e.status).toBe(503);
    expect(e.code).toBe("key_store_unavailable");
    expect(e.retryAfter).toBe(1);
  });

  it("a key never seen is a 503 with retry-after, not a 500", async () => {
    const w = world();
    w.d1.down = true;
    const e = await failure(w.auth.authenticate(KEY));
    expect(e.status).toBe(503);
    expect(e.message).not.toContain(KEY);
  });

  it("a key D1 no longer knows is not served from an older lookup", async () => {
    const w = world();
    await w.auth.authenticate(KEY);
    w.d1.known = false;
    w.clock.now += KEY_CACHE_TTL_MS + 1;
    expect(await w.auth.authenticate(KEY)).toBeUndefined();
    w.d1.down = true;
    w.clock.now += KEY_CACHE_TTL_MS + 1;
    expect((await failure(w.auth.authenticate(KEY))).status).toBe(503);
  });
});
