import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AccountLedgerObject } from "../../../durable-objects/account-ledger.js";
import { noLimits } from "../../../src/state/account-limits.js";
import { LEASE_GRACE_MS } from "../../../src/state/ledger.js";
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
});
