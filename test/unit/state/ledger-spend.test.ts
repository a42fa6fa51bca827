import { describe, expect, it } from "vitest";
import { noLimits } from "../../../src/state/account-limits.js";
import { MemoryLedgers } from "../../../src/state/memory/ledgers.js";

describe("setting an account's spend (LiteLLM's `spend` field)", () => {
  it("sets the current period's spend, moves the total by as much, and counts against max_budget", async () => {
    const ledgers = new MemoryLedgers(() => 1000);
    const ref = { kind: "user" as const, id: "ann" };
    const limits = { ...noLimits(1, 0), maxBudgetMicros: 1_000_000 };
    await ledgers.configure(ref, limits, { reset: true, spendMicros: 900_000 });
    expect(await ledgers.usage(ref)).toMatchObject({ spendMicros: 900_000, totalSpendMicros: 900_000 });
    expect((await ledgers.admit(ref, { requestId: "r1", costMicros: 200_000 })).ok).toBe(false);
    await ledgers.configure(ref, { ...limits, version: 2 }, { spendMicros: 0 });
    expect(await ledgers.usage(ref)).toMatchObject({ spendMicros: 0, totalSpendMicros: 0 });
    expect((await ledgers.admit(ref, { requestId: "r2", costMicros: 200_000 })).ok).toBe(true);
  });
});
