import type { LedgerUsage } from "../state/ledger.js";
import { withBudget } from "./budget-record.js";
import { applyLimits, notFound, pushLimits, updated, updateWithRetry, usageOf, type AdminContext } from "./context.js";
import { limitsOf, nextVersion, toMicros, type CustomerRecord } from "./records.js";
import type { NewCustomerRequest } from "./schemas.js";

/** End users (the `user` field of a request) with their own budgets: /customer/* and its alias /end_user/*. */

export const customerRef = (userId: string) => ({ kind: "customer" as const, id: userId });

export function customerView(r: CustomerRecord, u?: LedgerUsage) {
  const usd = (m: number | null) => (m === null ? null : m / 1e6);
  return {
    user_id: r.user_id,
    alias: r.alias,
    blocked: r.blocked,
    spend: (u?.spendMicros ?? 0) / 1e6,
    budget_id: r.budget_id,
    allowed_model_region: r.allowed_model_region,
    default_model: r.default_model,
    litellm_budget_table: {
      max_budget: usd(r.max_budget_micros),
      soft_budget: usd(r.soft_budget_micros),
      budget_duration: r.budget_duration,
      tpm_limit: r.tpm_limit,
      rpm_limit: r.rpm_limit,
    },
    budget_reset_at: u?.resetsAt ? new Date(u.resetsAt).toISOString() : null,
    metadata: r.metadata,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

const missingCustomer = (id: string): never => notFound("end user", id, "user_id");

function withFields(cur: CustomerRecord, b: NewCustomerRequest, now: number): CustomerRecord {
  return {
    ...cur,
    alias: updated(b.alias, cur.alias, null),
    blocked: updated(b.blocked, cur.blocked, false),
    budget_id: updated(b.budget_id, cur.budget_id, null),
    allowed_model_region: updated(b.allowed_model_region, cur.allowed_model_region, null),
    default_model: updated(b.default_model, cur.default_model, null),
    metadata: updated(b.metadata, cur.metadata, {}),
    ...applyLimits(cur, b, now),
  };
}

/** Push an end user's limits (its shared budget's where it sets none) to its ledger. */
export async function pushCustomer(
  ctx: AdminContext,
  r: CustomerRecord,
  opts: { reset?: boolean; spend?: number | null } = {},
): Promise<void> {
  const budget = r.budget_id ? await ctx.store.budgets.get(r.budget_id) : undefined;
  const spendMicros = opts.spend === undefined || opts.spend === null ? undefined : toMicros(opts.spend);
  await pushLimits(ctx, customerRef(r.user_id), limitsOf(withBudget(r, budget)), { reset: opts.reset, spendMicros });
}

async function requireBudget(ctx: AdminContext, budgetId: string | null | undefined): Promise<void> {
  if (budgetId && !(await ctx.store.budgets.get(budgetId))) notFound("budget", budgetId, "budget_id");
}

export async function createCustomer(ctx: AdminContext, body: NewCustomerRequest) {
  await requireBudget(ctx, body.budget_id);
  const now = ctx.now();
  const blank: CustomerRecord = {
    user_id: body.user_id,
    alias: null,
    blocked: false,
    budget_id: null,
    allowed_model_region: null,
    default_model: null,
    metadata: {},
    ...applyLimits(undefined, {}, now),
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
  const record = withFields(blank, body, now);
  await ctx.store.customers.insert(record);
  await pushCustomer(ctx, record, { reset: true, spend: body.spend });
  return customerView(record, body.spend ? await usageOf(ctx, customerRef(record.user_id)) : undefined);
}

async function changeCustomer(
  ctx: AdminContext,
  userId: string,
  change: (cur: CustomerRecord) => CustomerRecord,
  spend?: number | null,
) {
  const record = await updateWithRetry(
    () => ctx.store.customers.get(userId),
    (cur) => ({ ...change(cur), updated_at: ctx.now(), version: nextVersion(cur.version, ctx.now()) }),
    (next, v) => ctx.store.customers.replace(next, v),
    () => missingCustomer(userId),
  );
  await pushCustomer(ctx, record, { spend });
  return record;
}

export async function updateCustomer(ctx: AdminContext, body: NewCustomerRequest) {
  await requireBudget(ctx, body.budget_id);
  const record = await changeCustomer(ctx, body.user_id, (cur) => withFields(cur, body, ctx.now()), body.spend);
  return customerView(record, await usageOf(ctx, customerRef(record.user_id)));
}

export async function setCustomersBlocked(ctx: AdminContext, userIds: string[], blocked: boolean) {
  for (const id of userIds) if (!(await ctx.store.customers.get(id))) missingCustomer(id);
  for (const id of userIds) await changeCustomer(ctx, id, (cur) => ({ ...cur, blocked }));
  return blocked ? { blocked_users: userIds } : { unblocked_users: userIds };
}

export async function customerInfo(ctx: AdminContext, userId: string) {
  const record = (await ctx.store.customers.get(userId)) ?? missingCustomer(userId);
  return customerView(record, await usageOf(ctx, customerRef(userId)));
}

export async function listCustomers(ctx: AdminContext) {
  const { rows } = await ctx.store.customers.list({ offset: 0, limit: 1000 });
  return Promise.all(rows.map(async (r) => customerView(r, await usageOf(ctx, customerRef(r.user_id)))));
}

export async function deleteCustomers(ctx: AdminContext, userIds: string[]) {
  const records: CustomerRecord[] = [];
  for (const id of userIds) records.push((await ctx.store.customers.get(id)) ?? missingCustomer(id));
  await ctx.store.customers.remove(userIds);
  // A deleted end user is unlimited again (any `user` value may be sent); its ledger forgets the limits.
  const now = ctx.now();
  await Promise.all(
    records.map((r) =>
      pushLimits(
        ctx,
        customerRef(r.user_id),
        limitsOf({ ...r, ...applyLimits(undefined, {}, now), blocked: false, version: nextVersion(r.version, now) }),
        { reset: true },
      ),
    ),
  );
  return { deleted_customers: userIds };
}
