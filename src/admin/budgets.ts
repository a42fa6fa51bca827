import { BadRequestError } from "../errors/gateway-error.js";
import { addDuration, parseDuration } from "../state/budget-duration.js";
import { type BudgetRecord, withBudget } from "./budget-record.js";
import { applyLimits, notFound, pushLimits, updateWithRetry, type AdminContext } from "./context.js";
import { pushCustomer } from "./customers.js";
import { randomId } from "./key-material.js";
import { modelBudgetsFrom, modelBudgetView, pushModelBudgets } from "./model-budgets.js";
import { pushOrganization } from "./organizations.js";
import { limitsOf, nextVersion, usdOrNull } from "./records.js";
import type { NewBudgetRequest, UpdateBudgetRequest } from "./budget-schemas.js";
import { keyRef } from "./key-view.js";
import { userRef } from "./first-reference.js";

/** Shared budgets (/budget/*): a change reaches the ledger of every key, user, end user and organization using it. */

export function budgetView(r: BudgetRecord) {
  return {
    budget_id: r.budget_id,
    max_budget: usdOrNull(r.max_budget_micros),
    soft_budget: usdOrNull(r.soft_budget_micros),
    budget_duration: r.budget_duration,
    tpm_limit: r.tpm_limit,
    rpm_limit: r.rpm_limit,
    max_parallel_requests: r.max_parallel_requests,
    model_max_budget: modelBudgetView(r.model_max_budget),
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

const missingBudget = (id: string): never => notFound("budget", id, "budget_id");

function withFields(cur: BudgetRecord, b: Omit<UpdateBudgetRequest, "budget_id">, now: number): BudgetRecord {
  const next: BudgetRecord = {
    ...cur,
    ...applyLimits(cur, b, now),
    model_max_budget:
      b.model_max_budget === undefined
        ? cur.model_max_budget
        : modelBudgetsFrom(b.model_max_budget ?? {}, cur.model_max_budget, now),
    updated_at: now,
    version: nextVersion(cur.version, now),
  };
  if (b.budget_reset_at) {
    const d = next.budget_duration ? parseDuration(next.budget_duration) : undefined;
    if (!d)
      throw new BadRequestError("budget_reset_at needs a budget_duration (the period it ends)", {
        param: "budget_reset_at",
        code: "invalid_request",
      });
    // periods follow each other every duration from the anchor: one period before the reset
    next.budget_anchor = addDuration(Date.parse(b.budget_reset_at), d, -1);
  }
  return next;
}

export async function createBudget(ctx: AdminContext, body: NewBudgetRequest) {
  const now = ctx.now();
  const blank: BudgetRecord = {
    budget_id: body.budget_id ?? randomId("budget_"),
    ...applyLimits(undefined, {}, now),
    model_max_budget: {},
    metadata: {},
    created_at: now,
    updated_at: now,
    version: 0,
  };
  const record = withFields(blank, body, now);
  await ctx.store.budgets.insert(record);
  return budgetView(record);
}

/** Push a budget's limits to every record that names it. */
async function propagate(ctx: AdminContext, budget: BudgetRecord): Promise<void> {
  const page = { where: { budget_id: budget.budget_id }, offset: 0, limit: 10_000 };
  const [keys, users, customers, orgs] = await Promise.all([
    ctx.store.keys.list(page),
    ctx.store.users.list(page),
    ctx.store.customers.list(page),
    ctx.store.organizations.list(page),
  ]);
  await Promise.all([
    ...keys.rows.map(async (k) => {
      await pushLimits(ctx, keyRef(k), limitsOf(withBudget(k, budget)));
      await pushModelBudgets(ctx, { key: k, budget });
    }),
    ...users.rows.map((u) => pushLimits(ctx, userRef(u.user_id), limitsOf(withBudget(u, budget)))),
    ...customers.rows.map((c) => pushCustomer(ctx, c)),
    ...orgs.rows.map((o) => pushOrganization(ctx, o)),
  ]);
}

export async function updateBudget(ctx: AdminContext, body: UpdateBudgetRequest) {
  const record = await updateWithRetry(
    () => ctx.store.budgets.get(body.budget_id),
    (cur) => withFields(cur, body, ctx.now()),
    (next, v) => ctx.store.budgets.replace(next, v),
    () => missingBudget(body.budget_id),
  );
  await propagate(ctx, record);
  return budgetView(record);
}

export async function budgetInfo(ctx: AdminContext, ids: string[]) {
  const out = [];
  for (const id of ids) out.push(budgetView((await ctx.store.budgets.get(id)) ?? missingBudget(id)));
  return out;
}

export async function listBudgets(ctx: AdminContext) {
  const { rows } = await ctx.store.budgets.list({ offset: 0, limit: 1000 });
  return rows.map(budgetView);
}

/** A budget still named by a record cannot go (that record's limits would silently change). */
export async function deleteBudget(ctx: AdminContext, id: string) {
  const budget = (await ctx.store.budgets.get(id)) ?? missingBudget(id);
  const page = { where: { budget_id: id }, offset: 0, limit: 1 };
  const uses = await Promise.all([
    ctx.store.keys.list(page),
    ctx.store.users.list(page),
    ctx.store.customers.list(page),
    ctx.store.organizations.list(page),
  ]);
  const n = uses.reduce((s, u) => s + u.total, 0);
  if (n)
    throw new BadRequestError(`budget "${id}" is still used by ${n} key(s), user(s), end user(s) or organization(s)`, {
      param: "id",
      code: "budget_in_use",
    });
  await ctx.store.budgets.remove([id]);
  return budgetView(budget);
}
