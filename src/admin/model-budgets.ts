import { modelBudgetRef } from "../access/model-budget-claims.js";
import { type AccountLimits, noLimits } from "../state/account-limits.js";
import type { BudgetRecord } from "./budget-record.js";
import { type AdminContext, pushLimits } from "./context.js";
import { type KeyRecord, type ModelBudget, nextVersion, toMicros } from "./records.js";

/**
 * model_max_budget: a key's budget per model group ({"gpt-4o": {"budget_limit": 5, "time_period": "1d"}}).
 * Each entry is its own ledger account, (key, model group), as exact as the key's own budget:
 * admission adds its claim for the group a request is routed to.
 */

/** Wire form (USD, LiteLLM's field names). */
export interface ModelBudgetInput {
  budget_limit: number;
  time_period?: string | null;
}

/** Stored entries from the request's, keeping the period anchor of entries whose period did not change. */
export function modelBudgetsFrom(
  input: Record<string, ModelBudgetInput>,
  prev: Record<string, ModelBudget>,
  now: number,
): Record<string, ModelBudget> {
  const out: Record<string, ModelBudget> = {};
  for (const [model, b] of Object.entries(input)) {
    const duration = b.time_period ?? null;
    const old = prev[model];
    out[model] = {
      max_budget_micros: toMicros(b.budget_limit),
      budget_duration: duration,
      budget_anchor: old && old.budget_duration === duration ? old.budget_anchor : now,
    };
  }
  return out;
}

/** As the API shows them (USD). */
export function modelBudgetView(m: Record<string, ModelBudget>): Record<string, ModelBudgetInput> {
  const out: Record<string, ModelBudgetInput> = {};
  for (const [model, b] of Object.entries(m))
    out[model] = { budget_limit: b.max_budget_micros / 1e6, time_period: b.budget_duration };
  return out;
}

function limitsOfEntry(b: ModelBudget, version: number): AccountLimits {
  return {
    ...noLimits(version, b.budget_anchor),
    maxBudgetMicros: b.max_budget_micros,
    budgetDuration: b.budget_duration,
  };
}

/** The ledger limits of each of a key's model budgets (its shared budget's entries where the key has none). */
export function modelBudgetLimits(key: KeyRecord, budget?: BudgetRecord): Record<string, AccountLimits> {
  const version = Math.max(key.version, budget?.version ?? 0);
  const out: Record<string, AccountLimits> = {};
  for (const [model, b] of Object.entries({ ...(budget?.model_max_budget ?? {}), ...key.model_max_budget }))
    out[model] = limitsOfEntry(b, version);
  return out;
}

/**
 * Push a key's model budgets to their ledgers after a write; entries the write removed (or the
 * whole key, `deleted`) get limits that no longer bind, at a newer version than any cached copy.
 */
export async function pushModelBudgets(
  ctx: AdminContext,
  opts: { key: KeyRecord; prev?: KeyRecord; budget?: BudgetRecord; reset?: boolean; deleted?: boolean },
): Promise<void> {
  const { key } = opts;
  const current = opts.deleted ? {} : modelBudgetLimits(key, opts.budget);
  const pushes: Array<Promise<void>> = [];
  for (const [model, limits] of Object.entries(current))
    pushes.push(pushLimits(ctx, modelBudgetRef(key.token_id, model), limits, { reset: opts.reset }));
  const gone = Object.keys({ ...(opts.prev?.model_max_budget ?? {}), ...(opts.deleted ? key.model_max_budget : {}) });
  const version = nextVersion(key.version, ctx.now());
  for (const model of gone)
    if (!(model in current)) pushes.push(pushLimits(ctx, modelBudgetRef(key.token_id, model), noLimits(version)));
  await Promise.all(pushes);
}
