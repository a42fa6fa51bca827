import { afterEach, describe, expect, it, vi } from "vitest";
import { DurableLedgers } from "../../../../src/state/cloudflare/durable-ledgers.js";

// A fake namespace that records the RPC calls each account's object receives.
function fakeNamespace(opts: { failAdmit?: boolean } = {}) {
  const calls: Array<{ account: string; method: string; arg: unknown }> = [];
  const ns = {
    idFromName: (name: string) => name,
    get: (name: string) => ({
      admit: async (arg: unknown) => {
        calls.push({ account: name, method: "admit", arg });
        if (opts.failAdmit) throw new Error("unreachable");
        return { ok: true, grant: {} };
      },
      settleMany: async (arg: unknown) => { calls.push({ account: name, method: "settleMany", arg }); },
    }),
  };
  return { ns: ns as unknown as ConstructorParameters<typeof DurableLedgers>[0], calls };
}

const key = { kind: "key", id: "k1" } as const;
afterEach(() => vi.useRealTimers());

describe("account ledger calls", () => {
  it("a settlement rides on the next admission to the same account: one call for both", async () => {
    vi.useFakeTimers();
    const { ns, calls } = fakeNamespace();
    const ledgers = new DurableLedgers(ns);
    void ledgers.settle(key, { requestId: "r1", costMicros: 120, tokens: 30 });
    await ledgers.admit(key, { requestId: "r2", costMicros: 500 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.arg).toMatchObject({ requestId: "r2", settles: [{ requestId: "r1", costMicros: 120, tokens: 30 }] });
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(1); // nothing left to flush
  });

  it("without an admission, settlements go in one batch after the delay, carried by the first", async () => {
    vi.useFakeTimers();
    const { ns, calls } = fakeNamespace();
    const ledgers = new DurableLedgers(ns);
    const first = ledgers.settle(key, { requestId: "r1", costMicros: 1, tokens: 1 });
    await ledgers.settle(key, { requestId: "r2", costMicros: 2, tokens: 2 });
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60);
    await first;
    expect(calls).toEqual([{ account: "key:k1", method: "settleMany", arg: [{ requestId: "r1", costMicros: 1, tokens: 1 }, { requestId: "r2", costMicros: 2, tokens: 2 }] }]);
  });

  it("settlements of a failed admission are kept for the next call", async () => {
    vi.useFakeTimers();
    const failing = fakeNamespace({ failAdmit: true });
    const ledgers = new DurableLedgers(failing.ns);
    void ledgers.settle(key, { requestId: "r1", costMicros: 1, tokens: 1 });
    await expect(ledgers.admit(key, { requestId: "r2", costMicros: 5 })).rejects.toThrow("unreachable");
    await vi.advanceTimersByTimeAsync(60);
    expect(failing.calls.at(-1)).toMatchObject({ method: "settleMany", arg: [{ requestId: "r1" }] });
  });
});
