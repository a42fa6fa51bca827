import { z } from "zod";
import { LimitFields, ModelBudget, Stamp } from "./records.js";

/**
 * A shared budget (/budget/*, LiteLLM's budget table): limits that keys, internal users, end users
 * and organizations take by naming it in `budget_id`. Each record keeps its own spend against them
 * (its own ledger); a limit the record sets itself wins over the budget's.
 */
export const BudgetRecord = LimitFields.extend({
  budget_id: z.string(),
  model_max_budget: z.record(z.string(), ModelBudget).default({}),
  ...Stamp,
});
export type BudgetRecord = z.infer<typeof BudgetRecord>;

const LIMIT_KEYS = [
  "max_budget_micros",
  "soft_budget_micros",
  "tpm_limit",
  "rpm_limit",
  "max_parallel_requests",
] as const satisfies ReadonlyArray<keyof LimitFields>;

/**
 * A record's limits with its budget's filling what it leaves unset; the version is the newer of
 * the two, so a budget change pushed to the record's ledger outranks what callers cached.
 */
export function withBudget<R extends LimitFields & { version: number }>(r: R, budget: BudgetRecord | undefined): R {
  if (!budget) return r;
  const out: R = { ...r, version: Math.max(r.version, budget.version) };
  for (const k of LIMIT_KEYS) if (out[k] === null) out[k] = budget[k];
  if (r.budget_duration === null && budget.budget_duration !== null) {
    out.budget_duration = budget.budget_duration;
    out.budget_anchor = budget.budget_anchor;
  }
  return out;
}
