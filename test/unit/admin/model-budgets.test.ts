import { describe, expect, it } from "vitest";
import { modelBudgetClaims } from "../../../src/access/model-budget-claims.js";
import { modelBudgetsFrom } from "../../../src/admin/model-budgets.js";
import { principalOf } from "../../../src/admin/principal-of.js";
import { MemoryLedgers } from "../../../src/state/memory/ledgers.js";
import { keyRecord, T0 } from "./fixtures.js";

const budgets = modelBudgetsFrom(
  { "gpt-4o": { budget_limit: 0.0001, time_period: "1d" }, "claude-*": { budget_limit: 1 } },
  {},
  T0,
);

describe("model_max_budget", () => {
  it("a key's per-model budgets become one claim per matching entry, none for other groups or the master key", () => {
    const p = principalOf({ key: keyRecord({ model_max_budget: budgets }) }, T0);
    const [claim, ...rest] = modelBudgetClaims(p, "gpt-4o");
    expect(rest).toEqual([]);
    expect(claim).toMatchObject({
      ref: { kind: "key_model", id: "key_1:gpt-4o" },
      label: 'key "ci" (sk-...abcd) for model "gpt-4o"',
      limits: { maxBudgetMicros: 100, budgetDuration: "1d", budgetAnchor: T0, blocked: false, deleted: false },
    });
    expect(modelBudgetClaims(p, "claude-sonnet").map((c) => c.ref.id)).toEqual(["key_1:claude-*"]);
    expect(modelBudgetClaims(p, "gpt-4o-mini")).toEqual([]);
    expect(modelBudgetClaims({ kind: "master" }, "gpt-4o")).toEqual([]);
    expect(modelBudgetClaims(principalOf({ key: keyRecord() }, T0), "gpt-4o")).toEqual([]);
  });

  it("the claim's ledger refuses the group once its budget is spent, exactly, and resets with its period", async () => {
    let now = T0;
    const ledgers = new MemoryLedgers(() => now);
    const p = principalOf({ key: keyRecord({ model_max_budget: budgets }) }, T0);
    const [claim] = modelBudgetClaims(p, "gpt-4o");
    const admit = (id: string, costMicros: number) =>
      ledgers.admit(claim!.ref, { requestId: id, costMicros, limits: claim!.limits });
    expect((await admit("r1", 60)).ok).toBe(true);
    await ledgers.settle(claim!.ref, { requestId: "r1", costMicros: 60, tokens: 10 });
    expect((await admit("r2", 41)).ok).toBe(false); // 60 + 41 > 100
    expect((await admit("r3", 40)).ok).toBe(true); // 60 + 40 = 100
    await ledgers.settle(claim!.ref, { requestId: "r3", costMicros: 40, tokens: 10 });
    const spent = await admit("r4", 1);
    expect(spent).toMatchObject({ ok: false, refusal: { reason: "budget", spendMicros: 100, limit: 100 } });
    now = T0 + 86_400_000; // next day: a new period
    expect((await admit("r5", 1)).ok).toBe(true);
  });

  it("an entry keeps its period when the update leaves its time_period alone, and starts a new one when it changes", () => {
    const later = T0 + 5000;
    const same = modelBudgetsFrom({ "gpt-4o": { budget_limit: 2, time_period: "1d" } }, budgets, later);
    expect(same["gpt-4o"]).toEqual({ max_budget_micros: 2_000_000, budget_duration: "1d", budget_anchor: T0 });
    const changed = modelBudgetsFrom({ "gpt-4o": { budget_limit: 2, time_period: "1h" } }, budgets, later);
    expect(changed["gpt-4o"]!.budget_anchor).toBe(later);
  });
});
