import { describe, expect, it } from "vitest";
import { AccountLeases, LEASE_TTL_MS, type LeaseTransport } from "../../../src/state/account-leases.js";
import { noLimits, type AccountLimits } from "../../../src/state/account-limits.js";
import {
  adoptLimits,
  emptyLedger,
  grantLease,
  reportLease,
  usage,
  type LedgerState,
} from "../../../src/state/ledger.js";
import { seededRandom } from "../../helpers/seeded-random.js";

const T0 = Date.UTC(2026, 4, 1, 0, 0, 0);
const key = { kind: "key", id: "k1" } as const;

/** One account's ledger behind a fake RPC transport, a manual clock and manual timers. */
function world(limits: Partial<AccountLimits>, opts: { failLease?: () => boolean } = {}) {
  const clock = { now: T0 };
  const ledger: LedgerState = adoptLimits(emptyLedger(), { ...noLimits(1, T0), ...limits });
  const calls: Array<{ method: string; arg: any }> = [];
  let timers: Array<{ at: number; fn: () => void }> = [];
  const transport: LeaseTransport = {
    lease: async (_ref, req) => {
      calls.push({ method: "lease", arg: structuredClone(req) });
      if (opts.failLease?.()) throw new Error("unreachable");
      for (const r of req.reports ?? []) reportLease(ledger, r, clock.now);
      if (req.limits) adoptLimits(ledger, req.limits);
      return structuredClone(grantLease(ledger, req, clock.now));
    },
    report: async (_ref, reports) => {
      calls.push({ method: "report", arg: structuredClone(reports) });
      for (const r of reports) reportLease(ledger, r, clock.now);
    },
  };
  let n = 0;
  const isolate = () =>
    new AccountLeases(transport, {
      now: () => clock.now,
      setTimer: (fn, ms) => timers.push({ at: clock.now + ms, fn }),
      newId: () => `lease-${n++}`,
    });
  /** Move the clock and run the timers that came due (and let their promises settle). */
  const advance = async (ms: number) => {
    clock.now += ms;
    const due = timers.filter((t) => t.at <= clock.now);
    timers = timers.filter((t) => t.at > clock.now);
    for (const t of due) t.fn();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { clock, ledger, calls, isolate, advance, leases: () => calls.filter((c) => c.method === "lease") };
}

describe("account leases", () => {
  it("admits from the isolate's lease without a call while it lasts; leases grow while they run out early", async () => {
    const w = world({ rpmLimit: 1_000_000 });
    const iso = w.isolate();
    for (let i = 0; i < 40; i++) {
      const r = await iso.admit(key, { requestId: `r${i}`, costMicros: 10 });
      expect(r.ok).toBe(true);
      iso.settle(key, { requestId: `r${i}`, costMicros: 5, tokens: 1 });
    }
    // 1 + 2 + 4 + 8 + 16 + 32 > 40: six calls for 40 requests
    expect(w.leases().map((c) => c.arg.requests)).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it("the next lease is fetched in the background when a quarter is left, so steady traffic never waits on a call", async () => {
    const w = world({ rpmLimit: 10_000_000, maxBudgetMicros: 1_000_000_000 });
    const iso = w.isolate();
    let blocking = 0;
    let background = 0;
    const kept: Array<Promise<void>> = []; // the requests' waitUntil
    for (let i = 0; i < 500; i++) {
      const before = w.leases().length;
      const r = await iso.admit(key, { requestId: `r${i}`, costMicros: 10 });
      expect(r.ok).toBe(true);
      // a background call starts inside admit but is not awaited by it
      if (w.leases().length > before) r.background ? background++ : blocking++;
      if (r.background) kept.push(r.background);
      for (let k = 0; k < 5; k++) await Promise.resolve(); // the background call completes meanwhile
      void iso.settle(key, { requestId: `r${i}`, costMicros: 5, tokens: 1 });
      if (i % 50 === 49) await w.advance(60);
    }
    await w.advance(60);
    await Promise.all(kept);
    expect(blocking).toBeLessThanOrEqual(3); // the first small leases (1, 2) are not worth fetching ahead
    expect(background).toBeGreaterThan(3);
  });

  it("reports ride on the next lease call; the request that queued the first one carries a flush otherwise", async () => {
    const w = world({ maxParallelRequests: 5 }); // one request per lease: every admission calls
    const iso = w.isolate();
    await iso.admit(key, { requestId: "a", costMicros: 100 });
    const carried = iso.settle(key, { requestId: "a", costMicros: 70, tokens: 30 });
    expect(carried).toBeInstanceOf(Promise);
    await iso.admit(key, { requestId: "b", costMicros: 100 });
    expect(w.leases()[1]!.arg.reports).toEqual([{ id: "lease-0", costMicros: 70, tokens: 30, used: 1, held: 0 }]);
    expect(iso.settle(key, { requestId: "b", costMicros: 60, tokens: 10 })).toBeUndefined(); // the armed flush takes it
    await w.advance(60);
    await carried;
    expect(w.calls.at(-1)).toEqual({
      method: "report",
      arg: [{ id: "lease-1", costMicros: 60, tokens: 10, used: 1, held: 0 }],
    });
    expect(usage(w.ledger, w.clock.now)).toMatchObject({
      spendMicros: 130,
      inFlight: 0,
      reservedMicros: 0,
      tokensLastMinute: 40,
    });
  });

  it("reports tell the ledger what the lease's requests in flight may still cost", async () => {
    const w = world({ rpmLimit: 1_000_000, maxBudgetMicros: 1_000_000_000 });
    const iso = w.isolate();
    for (const id of ["a", "b"]) {
      await iso.admit(key, { requestId: id, costMicros: 10 });
      void iso.settle(key, { requestId: id, costMicros: 1, tokens: 1 });
    }
    // the third lease (4 requests) serves c and d; c settles while d is in flight
    await iso.admit(key, { requestId: "c", costMicros: 100 });
    await iso.admit(key, { requestId: "d", costMicros: 50 });
    void iso.settle(key, { requestId: "c", costMicros: 80, tokens: 1 });
    await w.advance(60);
    expect(w.calls.filter((c) => c.method === "report").at(-1)!.arg).toContainEqual({
      id: "lease-2",
      costMicros: 80,
      tokens: 1,
      held: 50,
    });
  });

  it("reports of a failed call are kept for the next one", async () => {
    let fail = false;
    const w = world({ maxParallelRequests: 5 }, { failLease: () => fail });
    const iso = w.isolate();
    await iso.admit(key, { requestId: "a", costMicros: 100 });
    void iso.settle(key, { requestId: "a", costMicros: 70, tokens: 30 });
    fail = true;
    await expect(iso.admit(key, { requestId: "b", costMicros: 100 })).rejects.toThrow("unreachable");
    fail = false;
    await iso.admit(key, { requestId: "c", costMicros: 100 });
    expect(w.leases().at(-1)!.arg.reports).toEqual([{ id: "lease-0", costMicros: 70, tokens: 30, used: 1, held: 0 }]);
    expect(usage(w.ledger, w.clock.now).spendMicros).toBe(70);
  });

  it("an idle lease closes when it expires: its unused requests leave the rpm window and its reservation goes", async () => {
    const w = world({ rpmLimit: 1_000_000, maxBudgetMicros: 1_000_000_000 });
    const iso = w.isolate();
    for (let i = 0; i < 4; i++) {
      await iso.admit(key, { requestId: `r${i}`, costMicros: 10 });
      void iso.settle(key, { requestId: `r${i}`, costMicros: 10, tokens: 1 });
    }
    // leases of 1, 2, 4: the last one has 3 requests unused
    expect(usage(w.ledger, w.clock.now).requestsLastMinute).toBe(7);
    await w.advance(LEASE_TTL_MS + 100);
    expect(usage(w.ledger, w.clock.now)).toMatchObject({
      requestsLastMinute: 4,
      spendMicros: 40,
      reservedMicros: 0,
      inFlight: 0,
    });
  });

  it("holds nothing for an account once its lease has expired and its reports are in (end users come and go)", async () => {
    const w = world({});
    const iso = w.isolate();
    for (let i = 0; i < 50; i++) {
      const customer = { kind: "customer", id: `end-user-${i}` } as const;
      await iso.admit(customer, { requestId: `r${i}`, costMicros: 10 });
      void iso.settle(customer, { requestId: `r${i}`, costMicros: 10, tokens: 1 });
    }
    expect(iso.size).toBe(50);
    await w.advance(LEASE_TTL_MS + 100);
    expect(iso.size).toBe(0);
  });

  it("max_parallel_requests: one request per lease, and its slot frees as soon as the request settles", async () => {
    const w = world({ maxParallelRequests: 1 });
    const iso = w.isolate();
    expect((await iso.admit(key, { requestId: "a", costMicros: 1 })).ok).toBe(true);
    expect(await iso.admit(key, { requestId: "b", costMicros: 1 })).toMatchObject({
      ok: false,
      refusal: { reason: "parallel" },
    });
    void iso.settle(key, { requestId: "a", costMicros: 1, tokens: 1 });
    expect((await iso.admit(key, { requestId: "c", costMicros: 1 })).ok).toBe(true);
  });

  it("a released admission gives its request and bound back to the lease", async () => {
    const w = world({ rpmLimit: 1_000_000 });
    const iso = w.isolate();
    await iso.admit(key, { requestId: "a", costMicros: 10 });
    void iso.release(key, "a"); // its promise carries the idle lease to its expiry
    await iso.admit(key, { requestId: "b", costMicros: 10 });
    expect(w.leases()).toHaveLength(1);
  });

  it("after forget (new limits) the next request asks the ledger again", async () => {
    const w = world({ rpmLimit: 1_000_000 });
    const iso = w.isolate();
    for (const id of ["a", "b"]) {
      await iso.admit(key, { requestId: id, costMicros: 10 });
      void iso.settle(key, { requestId: id, costMicros: 10, tokens: 1 });
    }
    expect(w.leases()).toHaveLength(2);
    await iso.forget(key);
    adoptLimits(w.ledger, { ...noLimits(2, T0), blocked: true });
    expect(await iso.admit(key, { requestId: "c", costMicros: 10 })).toMatchObject({
      ok: false,
      refusal: { reason: "blocked" },
    });
  });

  it("x-ratelimit remaining requests counts the lease's unused requests as remaining", async () => {
    const w = world({ rpmLimit: 100 });
    const iso = w.isolate();
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await iso.admit(key, { requestId: `r${i}`, costMicros: 1 });
      if (r.ok) seen.push(r.grant.rpm!.remaining);
      void iso.settle(key, { requestId: `r${i}`, costMicros: 1, tokens: 1 });
    }
    expect(seen).toEqual([99, 98, 97, 96, 95, 94]);
  });

  it("budgets stay exact with many isolates racing: settled spend never passes max_budget", async () => {
    const random = seededRandom(7);
    const w = world({ maxBudgetMicros: 100_000 });
    const isolates = Array.from({ length: 4 }, () => w.isolate());
    let admitted = 0;
    let spent = 0;
    for (let round = 0; round < 60; round++) {
      const wave = Array.from({ length: 40 }, (_, i) => ({
        iso: isolates[i % 4]!,
        id: `r${round}-${i}`,
        bound: 50 + Math.floor(random() * 100),
      }));
      const results = await Promise.all(wave.map((q) => q.iso.admit(key, { requestId: q.id, costMicros: q.bound })));
      results.forEach((r, i) => {
        if (!r.ok) return;
        admitted++;
        const cost = Math.floor(wave[i]!.bound * random());
        spent += cost;
        void wave[i]!.iso.settle(key, { requestId: wave[i]!.id, costMicros: cost, tokens: 1 });
      });
      await w.advance(100);
    }
    await w.advance(LEASE_TTL_MS * 2);
    const u = usage(w.ledger, w.clock.now);
    expect(admitted).toBeGreaterThan(100);
    expect(u.spendMicros).toBe(spent);
    expect(u.spendMicros).toBeLessThanOrEqual(100_000);
    expect(u.reservedMicros).toBe(0);
  });
});
