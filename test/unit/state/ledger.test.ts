import { describe, expect, it } from "vitest";
import { noLimits, type AccountLimits } from "../../../src/state/account-limits.js";
import {
  LEASE_GRACE_MS,
  LEASE_SLACK_BOUNDS,
  RESERVATION_TTL_MS,
  adoptLimits,
  admit,
  emptyLedger,
  grantLease,
  release,
  reportLease,
  settle,
  usage,
  type LedgerState,
} from "../../../src/state/ledger.js";

const T0 = Date.UTC(2026, 4, 1, 0, 0, 0);

function ledgerWith(limits: Partial<AccountLimits>): LedgerState {
  return adoptLimits(emptyLedger(), { ...noLimits(1, T0), ...limits });
}

describe("budget reservations", () => {
  it("never lets settled spend pass max_budget, however many requests race (each reserves its upper bound)", () => {
    const s = ledgerWith({ maxBudgetMicros: 1_000 });
    // 100 requests arrive before any finishes; each may cost up to 100, really costs 80..100
    const admitted: string[] = [];
    for (let i = 0; i < 100; i++) if (admit(s, { id: `r${i}`, costMicros: 100 }, T0).ok) admitted.push(`r${i}`);
    expect(admitted).toHaveLength(10);
    admitted.forEach((id, i) => {
      settle(s, { id, costMicros: 80 + (i % 3) * 10, tokens: 10 }, T0 + 1);
    });
    // later requests fit only while spend + reservations + bound stay within the budget
    let more = 0;
    for (let i = 0; i < 100; i++) {
      const id = `late${i}`;
      if (!admit(s, { id, costMicros: 100 }, T0 + 2).ok) continue;
      more++;
      settle(s, { id, costMicros: 100, tokens: 1 }, T0 + 3);
    }
    const u = usage(s, T0 + 4);
    expect(u.spendMicros).toBeLessThanOrEqual(1_000);
    expect(u.spendMicros).toBe(admitted.reduce((a, _id, i) => a + 80 + (i % 3) * 10, 0) + more * 100);
    expect(u.reservedMicros).toBe(0);
    expect(u.inFlight).toBe(0);
  });

  it("refuses once spend reaches max_budget, naming spend, limit and the reset time", () => {
    const s = ledgerWith({ maxBudgetMicros: 500, budgetDuration: "1d", budgetAnchor: T0 });
    expect(admit(s, { id: "a", costMicros: 400 }, T0).ok).toBe(true);
    settle(s, { id: "a", costMicros: 500, tokens: 1 }, T0 + 10);
    const r = admit(s, { id: "b", costMicros: 0 }, T0 + 20);
    expect(r).toMatchObject({
      ok: false,
      refusal: { reason: "budget", limit: 500, spendMicros: 500, resetsAt: T0 + 86_400_000 },
    });
  });

  it("resets spend at each budget_duration boundary (injected clock)", () => {
    const s = ledgerWith({ maxBudgetMicros: 100, budgetDuration: "30s", budgetAnchor: T0 });
    expect(admit(s, { id: "a", costMicros: 100 }, T0 + 1_000).ok).toBe(true);
    settle(s, { id: "a", costMicros: 100, tokens: 5 }, T0 + 2_000);
    expect(admit(s, { id: "b", costMicros: 1 }, T0 + 29_999).ok).toBe(false);
    expect(usage(s, T0 + 29_999)).toMatchObject({ spendMicros: 100, periodStart: T0, resetsAt: T0 + 30_000 });
    // the next period starts exactly at anchor + 30 s
    expect(usage(s, T0 + 30_000)).toMatchObject({
      spendMicros: 0,
      totalSpendMicros: 100,
      periodStart: T0 + 30_000,
      resetsAt: T0 + 60_000,
    });
    expect(admit(s, { id: "b", costMicros: 100 }, T0 + 30_001).ok).toBe(true);
    // a period with no traffic at all is skipped cleanly
    settle(s, { id: "b", costMicros: 60, tokens: 5 }, T0 + 31_000);
    expect(usage(s, T0 + 95_000)).toMatchObject({ spendMicros: 0, totalSpendMicros: 160, periodStart: T0 + 90_000 });
  });

  it("a settlement larger than the reservation is recorded as it is (spend logs and ledger agree)", () => {
    const s = ledgerWith({});
    admit(s, { id: "a", costMicros: 10 }, T0);
    settle(s, { id: "a", costMicros: 13, tokens: 1 }, T0);
    expect(usage(s, T0).spendMicros).toBe(13);
  });

  it("release gives back the reservation and the request slot of a request another account refused", () => {
    const s = ledgerWith({ maxBudgetMicros: 100, rpmLimit: 1 });
    expect(admit(s, { id: "a", costMicros: 100 }, T0).ok).toBe(true);
    expect(admit(s, { id: "b", costMicros: 1 }, T0).ok).toBe(false);
    release(s, "a", T0 + 1);
    expect(usage(s, T0 + 1)).toMatchObject({ reservedMicros: 0, inFlight: 0, requestsLastMinute: 0 });
    expect(admit(s, { id: "b", costMicros: 100 }, T0 + 2).ok).toBe(true);
  });

  it("frees the slot of a reservation whose settlement never came after the TTL; a late settlement still counts", () => {
    const s = ledgerWith({ maxParallelRequests: 1 });
    expect(admit(s, { id: "lost", costMicros: 50 }, T0).ok).toBe(true);
    expect(admit(s, { id: "b", costMicros: 1 }, T0 + 1).ok).toBe(false);
    expect(admit(s, { id: "b", costMicros: 1 }, T0 + RESERVATION_TTL_MS + 1).ok).toBe(true);
    settle(s, { id: "lost", costMicros: 50, tokens: 0 }, T0 + RESERVATION_TTL_MS + 2);
    expect(usage(s, T0 + RESERVATION_TTL_MS + 3)).toMatchObject({ spendMicros: 50, inFlight: 1 });
  });

  it("admitting the same request id twice reserves once", () => {
    const s = ledgerWith({ maxBudgetMicros: 100 });
    expect(admit(s, { id: "a", costMicros: 100 }, T0).ok).toBe(true);
    expect(admit(s, { id: "a", costMicros: 100 }, T0).ok).toBe(true);
    expect(usage(s, T0).reservedMicros).toBe(100);
  });
});

describe("rate limits", () => {
  it("rpm: a sliding minute of one-second buckets, with the wait until a slot frees", () => {
    const s = ledgerWith({ rpmLimit: 2 });
    expect(admit(s, { id: "a", costMicros: 0 }, T0 + 100)).toMatchObject({
      ok: true,
      grant: { rpm: { limit: 2, remaining: 1 } },
    });
    expect(admit(s, { id: "b", costMicros: 0 }, T0 + 30_500)).toMatchObject({
      ok: true,
      grant: { rpm: { limit: 2, remaining: 0 } },
    });
    const r = admit(s, { id: "c", costMicros: 0 }, T0 + 59_000);
    expect(r).toMatchObject({
      ok: false,
      refusal: { reason: "rpm", limit: 2, current: 2, retryAfterMs: 1_000, rates: { rpm: { limit: 2, remaining: 0 } } },
    });
    // a fixed minute would have reset at T0 + 60 s; the sliding window frees "a"'s slot only then
    expect(admit(s, { id: "c", costMicros: 0 }, T0 + 60_000).ok).toBe(true);
    expect(admit(s, { id: "d", costMicros: 0 }, T0 + 60_001).ok).toBe(false);
  });

  it("tpm: counts settled tokens over the last minute", () => {
    const s = ledgerWith({ tpmLimit: 100 });
    admit(s, { id: "a", costMicros: 0 }, T0);
    settle(s, { id: "a", costMicros: 0, tokens: 100 }, T0 + 2_000);
    const r = admit(s, { id: "b", costMicros: 0 }, T0 + 3_000);
    expect(r).toMatchObject({ ok: false, refusal: { reason: "tpm", limit: 100, current: 100, retryAfterMs: 59_000 } });
    expect(admit(s, { id: "b", costMicros: 0 }, T0 + 62_000)).toMatchObject({
      ok: true,
      grant: { tpm: { limit: 100, remaining: 100 } },
    });
  });

  it("max_parallel_requests: in-flight reservations, freed by settlement", () => {
    const s = ledgerWith({ maxParallelRequests: 2 });
    expect(admit(s, { id: "a", costMicros: 0 }, T0).ok).toBe(true);
    expect(admit(s, { id: "b", costMicros: 0 }, T0).ok).toBe(true);
    expect(admit(s, { id: "c", costMicros: 0 }, T0)).toMatchObject({
      ok: false,
      refusal: { reason: "parallel", limit: 2, current: 2 },
    });
    settle(s, { id: "a", costMicros: 0, tokens: 0 }, T0 + 1);
    expect(admit(s, { id: "c", costMicros: 0 }, T0 + 2).ok).toBe(true);
  });
});

describe("status and limits versions", () => {
  it("refuses deleted, blocked and expired accounts before looking at limits", () => {
    expect(admit(ledgerWith({ deleted: true }), { id: "a", costMicros: 0 }, T0)).toMatchObject({
      ok: false,
      refusal: { reason: "deleted" },
    });
    expect(admit(ledgerWith({ blocked: true }), { id: "a", costMicros: 0 }, T0)).toMatchObject({
      ok: false,
      refusal: { reason: "blocked" },
    });
    const exp = ledgerWith({ expiresAt: T0 + 10 });
    expect(admit(exp, { id: "a", costMicros: 0 }, T0 + 9).ok).toBe(true);
    expect(admit(exp, { id: "b", costMicros: 0 }, T0 + 10)).toMatchObject({
      ok: false,
      refusal: { reason: "expired", expiresAt: T0 + 10 },
    });
  });

  it("keeps the newest limits: a stale cached view cannot undo a block", () => {
    const s = ledgerWith({});
    adoptLimits(s, { ...noLimits(5, T0), blocked: true });
    adoptLimits(s, { ...noLimits(4, T0), blocked: false });
    expect(s.limits).toMatchObject({ version: 5, blocked: true });
    adoptLimits(s, { ...noLimits(6, T0) });
    expect(s.limits).toMatchObject({ version: 6, blocked: false });
  });

  it("reset starts a re-created account from zero", () => {
    const s = ledgerWith({});
    admit(s, { id: "a", costMicros: 5 }, T0);
    settle(s, { id: "a", costMicros: 5, tokens: 1 }, T0);
    const fresh = adoptLimits(s, noLimits(9, T0 + 5), { reset: true });
    expect(usage(fresh, T0 + 6)).toMatchObject({ spendMicros: 0, totalSpendMicros: 0, inFlight: 0 });
  });

  it("an account without limits admits everything and still counts spend", () => {
    const s = emptyLedger();
    expect(admit(s, { id: "a", costMicros: 10 }, T0)).toEqual({ ok: true, grant: {} });
    settle(s, { id: "a", costMicros: 10, tokens: 1 }, T0);
    expect(usage(s, T0).spendMicros).toBe(10);
  });
});

describe("leases", () => {
  it("an rpm lease takes at most a quarter of the requests left this minute, all counted at once", () => {
    const s = ledgerWith({ rpmLimit: 100 });
    expect(grantLease(s, { id: "l1", requests: 256, minMicros: 1, micros: 256 }, T0)).toMatchObject({
      ok: true,
      requests: 25,
    });
    expect(usage(s, T0).requestsLastMinute).toBe(25);
    expect(grantLease(s, { id: "l2", requests: 256, minMicros: 1, micros: 256 }, T0)).toMatchObject({
      ok: true,
      requests: 18,
    }); // a quarter of the 75 left
    const tight = ledgerWith({ rpmLimit: 2 });
    expect(grantLease(tight, { id: "a", requests: 8, minMicros: 1, micros: 8 }, T0)).toMatchObject({
      ok: true,
      requests: 1,
    });
    expect(grantLease(tight, { id: "b", requests: 8, minMicros: 1, micros: 8 }, T0)).toMatchObject({
      ok: true,
      requests: 1,
    });
    expect(grantLease(tight, { id: "c", requests: 8, minMicros: 1, micros: 8 }, T0)).toMatchObject({
      ok: false,
      refusal: { reason: "rpm" },
    });
  });

  it("a budget lease holds slack only while the headroom is large; near the end it is one request's bound", () => {
    const big = ledgerWith({ maxBudgetMicros: 1_000_000 });
    const g = grantLease(big, { id: "l", requests: 100, minMicros: 100, micros: 10_000 }, T0);
    expect(g).toMatchObject({ ok: true, micros: 10_000 });
    const small = ledgerWith({ maxBudgetMicros: (LEASE_SLACK_BOUNDS - 1) * 100 });
    expect(grantLease(small, { id: "l", requests: 100, minMicros: 100, micros: 10_000 }, T0)).toMatchObject({
      ok: true,
      micros: 100,
    });
    // a quarter of the headroom at most, so other isolates find room too
    const mid = ledgerWith({ maxBudgetMicros: 100 * LEASE_SLACK_BOUNDS * 4 });
    const m = grantLease(mid, { id: "l", requests: 1000, minMicros: 100, micros: 1_000_000 }, T0);
    expect(m.ok && m.micros).toBe(100 + Math.floor((100 * LEASE_SLACK_BOUNDS * 4 - 100) / 4));
  });

  it("a tpm lease covers what a quarter of the tokens left allows at this minute's tokens per request", () => {
    const s = ledgerWith({ tpmLimit: 10_000 });
    expect(grantLease(s, { id: "a", requests: 64, minMicros: 0, micros: 0 }, T0)).toMatchObject({
      ok: true,
      requests: 4,
    }); // no tokens yet
    reportLease(s, { id: "a", costMicros: 0, tokens: 4_000, used: 4 }, T0 + 1); // 1,000 tokens per request
    expect(grantLease(s, { id: "b", requests: 64, minMicros: 0, micros: 0 }, T0 + 2)).toMatchObject({
      ok: true,
      requests: 1,
    });
  });

  it("past its end a lease holds only its requests in flight, so an isolate that vanished frees the slack", () => {
    const s = ledgerWith({ maxBudgetMicros: 10_000_000 });
    grantLease(s, { id: "gone", requests: 100, minMicros: 100, micros: 100_000, ttlMs: 1_000 }, T0); // never reports
    grantLease(s, { id: "busy", requests: 100, minMicros: 100, micros: 100_000, ttlMs: 1_000 }, T0);
    reportLease(s, { id: "busy", costMicros: 500, tokens: 5, held: 300 }, T0 + 500);
    expect(usage(s, T0 + 1_000 + LEASE_GRACE_MS).reservedMicros).toBe(100_000 + 99_500); // not yet past the grace
    expect(usage(s, T0 + 1_001 + LEASE_GRACE_MS).reservedMicros).toBe(100 + 300);
  });

  it("reports move spend in and shrink the reservation; the closing one returns unused requests", () => {
    const s = ledgerWith({ maxBudgetMicros: 1_000_000, rpmLimit: 1_000 });
    grantLease(s, { id: "l", requests: 10, minMicros: 100, micros: 1_000 }, T0);
    expect(usage(s, T0)).toMatchObject({ reservedMicros: 1_000, requestsLastMinute: 10, inFlight: 1 });
    reportLease(s, { id: "l", costMicros: 300, tokens: 50 }, T0 + 1);
    expect(usage(s, T0 + 1)).toMatchObject({ spendMicros: 300, reservedMicros: 700, tokensLastMinute: 50 });
    reportLease(s, { id: "l", costMicros: 100, tokens: 5, used: 4 }, T0 + 2);
    expect(usage(s, T0 + 2)).toMatchObject({ spendMicros: 400, reservedMicros: 0, requestsLastMinute: 4, inFlight: 0 });
    reportLease(s, { id: "gone", costMicros: 7, tokens: 0 }, T0 + 3); // an unknown lease's spend still counts
    expect(usage(s, T0 + 3).spendMicros).toBe(407);
  });
});

describe("reservations whose settlement never comes", () => {
  it("are charged at what they hold when they expire, and a late report corrects the charge step by step", () => {
    const s = ledgerWith({ maxBudgetMicros: 1_000_000 });
    grantLease(s, { id: "L", requests: 8, minMicros: 100, micros: 800, ttlMs: 1000 }, T0);
    reportLease(s, { id: "L", costMicros: 0, tokens: 0, held: 300 }, T0 + 10); // three requests in flight
    const late = T0 + RESERVATION_TTL_MS + 1;
    expect(usage(s, late)).toMatchObject({ spendMicros: 300, reservedMicros: 0 }); // charged, not released
    reportLease(s, { id: "L", costMicros: 120, tokens: 0, held: 200 }, late + 1); // one finished (120), two still out
    expect(usage(s, late + 1).spendMicros).toBe(320);
    reportLease(s, { id: "L", costMicros: 150, tokens: 0, used: 3 }, late + 2); // the last two, and the close
    expect(usage(s, late + 2)).toMatchObject({ spendMicros: 270, totalSpendMicros: 270 });
    reportLease(s, { id: "L", costMicros: 5, tokens: 0 }, late + 3); // anything after counts as it comes
    expect(usage(s, late + 3).spendMicros).toBe(275);
  });

  it("a charged admission that is released (it never went ahead) gives the charge back", () => {
    const s = ledgerWith({ maxBudgetMicros: 1_000 });
    admit(s, { id: "r", costMicros: 100 }, T0);
    expect(usage(s, T0 + RESERVATION_TTL_MS + 1).spendMicros).toBe(100);
    release(s, "r", T0 + RESERVATION_TTL_MS + 2);
    expect(usage(s, T0 + RESERVATION_TTL_MS + 2).spendMicros).toBe(0);
  });
});
