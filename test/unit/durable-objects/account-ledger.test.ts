import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AccountLedgerObject } from "../../../durable-objects/account-ledger.js";
import { AccountLeases } from "../../../src/state/account-leases.js";
import { noLimits } from "../../../src/state/account-limits.js";
import { LEASE_GRACE_MS, RESERVATION_TTL_MS } from "../../../src/state/ledger.js";
import { fakeState } from "../../helpers/fake-durable-object-state.js";

// The ledger object itself (not only the pure ledger math it calls), on vitest's clock.
const T0 = Date.UTC(2026, 4, 1);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

function ledger(maxBudgetMicros: number): AccountLedgerObject {
  const obj = new AccountLedgerObject(fakeState(), {} as Cloudflare.Env);
  obj.configure({ ...noLimits(1, T0), maxBudgetMicros });
  return obj;
}

describe("the account ledger object", () => {
  it("frees the slack of a lease whose isolate died within seconds of the lease's end", () => {
    const obj = ledger(1_000_000);
    const granted = obj.lease({ id: "lease-1", requests: 8, minMicros: 100, micros: 800, ttlMs: 1000 });
    expect(granted).toMatchObject({ ok: true, requests: 8, micros: 800 });
    expect(obj.usage().reservedMicros).toBe(800);
    // The isolate is gone: no report, no close. Past the lease's end and the grace, only the bound of the
    // request that asked for the lease (possibly still in flight) stays held.
    vi.advanceTimersByTime(1000 + LEASE_GRACE_MS + 1);
    expect(obj.usage().reservedMicros).toBe(100);
  });

  it("charges what a dead isolate's requests held instead of releasing it: spend is never undercounted", async () => {
    const obj = ledger(1_000_000);
    let alive = true;
    let n = 0;
    const isolate = new AccountLeases(
      {
        lease: async (_ref, req) => obj.lease(structuredClone(req)),
        report: async (_ref, reports) => obj.report(structuredClone(reports)),
      },
      {
        now: () => Date.now(),
        setTimer: (fn, ms) => setTimeout(() => alive && fn(), ms),
        newId: () => `lease-${n++}`,
      },
    );
    const ref = { kind: "key", id: "k" } as const;
    const background: Array<Promise<void>> = [];
    for (let i = 0; i < 7; i++) {
      const r = await isolate.admit(ref, { requestId: `r${i}`, costMicros: 100 });
      expect(r.ok).toBe(true);
      if (r.background) background.push(r.background);
    }
    await vi.advanceTimersByTimeAsync(60); // the reports of what is in flight go out
    await Promise.all(background);
    alive = false; // the isolate dies with its seven requests in flight: no settlement ever comes
    await vi.advanceTimersByTimeAsync(RESERVATION_TTL_MS + 1000);
    expect(obj.usage()).toMatchObject({ spendMicros: 700, reservedMicros: 0 });
  });

  it("a settlement that arrives after the charge replaces it with the real cost", () => {
    const obj = ledger(1_000_000);
    expect(obj.admit({ requestId: "slow", costMicros: 100 }).ok).toBe(true);
    vi.advanceTimersByTime(RESERVATION_TTL_MS + 1);
    expect(obj.usage()).toMatchObject({ spendMicros: 100, reservedMicros: 0 });
    obj.settleMany([{ requestId: "slow", costMicros: 70, tokens: 7 }]);
    expect(obj.usage()).toMatchObject({ spendMicros: 70, totalSpendMicros: 70 });
  });
});
