import type { z } from "zod";
import { BadRequestError } from "../errors/gateway-error.js";
import type { LedgerUsage } from "../state/ledger.js";
import { withBudget } from "./budget-record.js";
import {
  applyLimits,
  limitView,
  notFound,
  pushLimits,
  updated,
  updateWithRetry,
  usageOf,
  type AdminContext,
} from "./context.js";
import { newUserRecord, userRef } from "./first-reference.js";
import { randomId } from "./key-material.js";
import { keyView } from "./key-view.js";
import { createKey, dropKeys } from "./keys.js";
import { limitsOf, nextVersion, toMicros, type UserRecord } from "./records.js";
import type { NewUserRequest, UpdateUserRequest, UserListQuery } from "./schemas.js";
import { joinTeam, leaveAllTeams } from "./team-members.js";

/** Internal users: budgets and limits across all of a user's keys. */

export { userRef };

export function userView(r: UserRecord, u?: LedgerUsage) {
  return {
    user_id: r.user_id,
    user_email: r.user_email,
    user_alias: r.user_alias,
    user_role: r.user_role,
    models: r.models,
    budget_id: r.budget_id,
    ...limitView(r, u),
    metadata: r.metadata,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

const missingUser = (id: string): never => notFound("user", id, "user_id");

type UserFields = Omit<UpdateUserRequest, "user_id">;

function withFields(cur: UserRecord, b: UserFields, now: number): UserRecord {
  return {
    ...cur,
    user_email: updated(b.user_email, cur.user_email, null),
    user_alias: updated(b.user_alias, cur.user_alias, null),
    user_role: updated(b.user_role, cur.user_role, "internal_user"),
    models: updated(b.models, cur.models, []),
    metadata: updated(b.metadata, cur.metadata, {}),
    budget_id: updated(b.budget_id, cur.budget_id, null),
    ...applyLimits(cur, b, now),
    updated_at: now,
    version: nextVersion(cur.version, now),
  };
}

async function pushUser(ctx: AdminContext, r: UserRecord, opts: { reset?: boolean; spend?: number | null } = {}) {
  const budget = r.budget_id ? await ctx.store.budgets.get(r.budget_id) : undefined;
  const spendMicros = opts.spend === undefined || opts.spend === null ? undefined : toMicros(opts.spend);
  await pushLimits(ctx, userRef(r.user_id), limitsOf(withBudget(r, budget)), { reset: opts.reset, spendMicros });
}

export async function createUser(ctx: AdminContext, body: NewUserRequest) {
  const teams = [...(body.teams ?? []), ...(body.team_id ? [body.team_id] : [])];
  for (const t of teams)
    if (!(await ctx.store.teams.get(t))) notFound("team", t, body.team_id === t ? "team_id" : "teams");
  if (body.budget_id && !(await ctx.store.budgets.get(body.budget_id))) notFound("budget", body.budget_id, "budget_id");
  const autoKey = body.auto_create_key ?? true;
  if (!autoKey && body.aliases && Object.keys(body.aliases).length)
    throw new BadRequestError('"aliases" belong to the key /user/new creates: leave "auto_create_key" on', {
      param: "aliases",
      code: "invalid_request",
    });
  const now = ctx.now();
  const record = withFields(newUserRecord(ctx, { user_id: body.user_id ?? randomId("user_") }), body, now);
  await ctx.store.users.insert(record);
  await pushUser(ctx, record, { reset: true, spend: body.spend });
  for (const t of teams)
    await joinTeam(ctx, t, { user_id: record.user_id, user_email: record.user_email, role: "user" });
  const usage = body.spend ? await usageOf(ctx, userRef(record.user_id)) : undefined;
  const view = { ...userView(record, usage), teams };
  if (!autoKey) return view;
  const key = await createKey(ctx, {
    user_id: record.user_id,
    key_alias: body.key_alias,
    team_id: body.team_id,
    aliases: body.aliases,
  });
  return { ...view, key: key.key, key_name: key.key_name, token: key.token };
}

export async function updateUser(ctx: AdminContext, body: UpdateUserRequest) {
  if (body.budget_id && !(await ctx.store.budgets.get(body.budget_id))) notFound("budget", body.budget_id, "budget_id");
  let userId = body.user_id;
  if (!userId) {
    const byEmail = await ctx.store.users.getByEmail(body.user_email!);
    userId = byEmail?.user_id ?? missingUser(body.user_email!);
  }
  const created = !(await ctx.store.users.get(userId));
  // first reference: /user/update of an unknown user creates it (LiteLLM's upsert)
  if (created) await ctx.store.users.insert(newUserRecord(ctx, { user_id: userId }));
  const record = await updateWithRetry(
    () => ctx.store.users.get(userId),
    (cur) => withFields(cur, body, ctx.now()),
    (next, v) => ctx.store.users.replace(next, v),
    () => missingUser(userId),
  );
  await pushUser(ctx, record, { reset: created, spend: body.spend });
  return userView(record, await usageOf(ctx, userRef(record.user_id)));
}

export async function userInfo(ctx: AdminContext, userId: string) {
  const user = (await ctx.store.users.get(userId)) ?? missingUser(userId);
  const [usage, keys, teams] = await Promise.all([
    usageOf(ctx, userRef(userId)),
    ctx.store.keys.list({ where: { user_id: userId }, offset: 0, limit: 1000 }),
    ctx.store.members.teamsOf(userId),
  ]);
  return { user_id: userId, user_info: userView(user, usage), keys: keys.rows.map((k) => keyView(k)), teams };
}

export async function listUsers(ctx: AdminContext, q: z.infer<typeof UserListQuery>) {
  const { rows, total } = await ctx.store.users.list({ offset: (q.page - 1) * q.page_size, limit: q.page_size });
  const users = await Promise.all(rows.map(async (r) => userView(r, await usageOf(ctx, userRef(r.user_id)))));
  return { users, total, page: q.page, page_size: q.page_size, total_pages: Math.ceil(total / q.page_size) };
}

/** Delete users with their keys and team memberships. */
export async function deleteUsers(ctx: AdminContext, userIds: string[]) {
  const users: UserRecord[] = [];
  for (const id of userIds) users.push((await ctx.store.users.get(id)) ?? missingUser(id));
  for (const u of users) {
    const keys = await ctx.store.keys.list({ where: { user_id: u.user_id }, offset: 0, limit: 10_000 });
    await dropKeys(ctx, keys.rows);
    await leaveAllTeams(ctx, u.user_id);
  }
  await ctx.store.users.remove(userIds);
  const now = ctx.now();
  await Promise.all(
    users.map((u) =>
      pushLimits(ctx, userRef(u.user_id), limitsOf({ ...u, version: nextVersion(u.version, now) }, true)),
    ),
  );
  return { deleted_users: userIds };
}
