import { describe, expect, it } from "vitest";
import { noLimits, type AccountLimits } from "../../../src/state/account-limits.js";
import { RESERVATION_TTL_MS, adoptLimits, admit, emptyLedger, release, settle, usage, type LedgerState } from "../../../src/state/ledger.js";

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
    admitted.forEach((id, i) => settle(s, { id, costMicros: 80 + (i % 3) * 10, tokens: 10 }, T0 + 1));
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
    expect(r).toMatchObject({ ok: false, refusal: { reason: "budget", limit: 500, spendMicros: 500, resetsAt: T0 + 86_400_000 } });
  });

  it("resets spend at each budget_duration boundary (injected clock)", () => {
    const s = ledgerWith({ maxBudgetMicros: 100, budgetDuration: "30s", budgetAnchor: T0 });
    expect(admit(s, { id: "a", costMicros: 100 }, T0 + 1_000).ok).toBe(true);
    settle(s, { id: "a", costMicros: 100, tokens: 5 }, T0 + 2_000);
    expect(admit(s, { id: "b", costMicros: 1 }, T0 + 29_999).ok).toBe(false);
    expect(usage(s, T0 + 29_999)).toMatchObject({ spendMicros: 100, periodStart: T0, resetsAt: T0 + 30_000 });
    // the next period starts exactly at anchor + 30 s
    expect(usage(s, T0 + 30_000)).toMatchObject({ spendMicros: 0, totalSpendMicros: 100, periodStart: T0 + 30_000, resetsAt: T0 + 60_000 });
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

  it("drops a reservation whose settlement never came after the TTL; a late settlement still counts", () => {
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
    expect(admit(s, { id: "a", costMicros: 0 }, T0 + 100)).toMatchObject({ ok: true, grant: { rpm: { limit: 2, remaining: 1 } } });
    expect(admit(s, { id: "b", costMicros: 0 }, T0 + 30_500)).toMatchObject({ ok: true, grant: { rpm: { limit: 2, remaining: 0 } } });
    const r = admit(s, { id: "c", costMicros: 0 }, T0 + 59_000);
    expect(r).toMatchObject({ ok: false, refusal: { reason: "rpm", limit: 2, current: 2, retryAfterMs: 1_000, rates: { rpm: { limit: 2, remaining: 0 } } } });
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
    expect(admit(s, { id: "b", costMicros: 0 }, T0 + 62_000)).toMatchObject({ ok: true, grant: { tpm: { limit: 100, remaining: 100 } } });
  });

  it("max_parallel_requests: in-flight reservations, freed by settlement", () => {
    const s = ledgerWith({ maxParallelRequests: 2 });
    expect(admit(s, { id: "a", costMicros: 0 }, T0).ok).toBe(true);
    expect(admit(s, { id: "b", costMicros: 0 }, T0).ok).toBe(true);
    expect(admit(s, { id: "c", costMicros: 0 }, T0)).toMatchObject({ ok: false, refusal: { reason: "parallel", limit: 2, current: 2 } });
    settle(s, { id: "a", costMicros: 0, tokens: 0 }, T0 + 1);
    expect(admit(s, { id: "c", costMicros: 0 }, T0 + 2).ok).toBe(true);
  });
});

describe("status and limits versions", () => {
  it("refuses deleted, blocked and expired accounts before looking at limits", () => {
    expect(admit(ledgerWith({ deleted: true }), { id: "a", costMicros: 0 }, T0)).toMatchObject({ ok: false, refusal: { reason: "deleted" } });
    expect(admit(ledgerWith({ blocked: true }), { id: "a", costMicros: 0 }, T0)).toMatchObject({ ok: false, refusal: { reason: "blocked" } });
    const exp = ledgerWith({ expiresAt: T0 + 10 });
    expect(admit(exp, { id: "a", costMicros: 0 }, T0 + 9).ok).toBe(true);
    expect(admit(exp, { id: "b", costMicros: 0 }, T0 + 10)).toMatchObject({ ok: false, refusal: { reason: "expired", expiresAt: T0 + 10 } });
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
