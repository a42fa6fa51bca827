import type { LedgerUsage } from "../state/ledger.js";
import { applyLimits, notFound, pushLimits, updateWithRetry, usageOf, type AdminContext } from "./context.js";
import { limitsOf, nextVersion, type CustomerRecord } from "./records.js";
import type { NewCustomerRequest } from "./schemas.js";

/** End users (the `user` field of a request) with their own budgets: /customer/*. */

export const customerRef = (userId: string) => ({ kind: "customer" as const, id: userId });

export function customerView(r: CustomerRecord, u?: LedgerUsage) {
  const max = r.max_budget_micros === null ? null : r.max_budget_micros / 1e6;
  return {
    user_id: r.user_id,
    alias: r.alias,
    blocked: r.blocked,
    spend: (u?.spendMicros ?? 0) / 1e6,
    litellm_budget_table: {
      max_budget: max,
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

export async function createCustomer(ctx: AdminContext, body: NewCustomerRequest) {
  const now = ctx.now();
  const record: CustomerRecord = {
    user_id: body.user_id,
    alias: body.alias ?? null,
    blocked: body.blocked ?? false,
    metadata: {},
    ...applyLimits(undefined, body, now),
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
  await ctx.store.customers.insert(record);
  await pushLimits(ctx, customerRef(record.user_id), limitsOf(record), { reset: true });
  return customerView(record);
}

async function changeCustomer(ctx: AdminContext, userId: string, change: (cur: CustomerRecord) => CustomerRecord) {
  const record = await updateWithRetry(
    () => ctx.store.customers.get(userId),
    (cur) => ({ ...change(cur), updated_at: ctx.now(), version: nextVersion(cur.version, ctx.now()) }),
    (next, v) => ctx.store.customers.replace(next, v),
    () => missingCustomer(userId),
  );
  await pushLimits(ctx, customerRef(userId), limitsOf(record));
  return record;
}

export async function updateCustomer(ctx: AdminContext, body: NewCustomerRequest) {
  const record = await changeCustomer(ctx, body.user_id, (cur) => ({
    ...cur,
    alias: body.alias === undefined ? cur.alias : body.alias,
    blocked: body.blocked ?? cur.blocked,
    ...applyLimits(cur, body, ctx.now()),
  }));
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
