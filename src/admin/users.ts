import type { z } from "zod";
import type { LedgerUsage } from "../state/ledger.js";
import {
  applyLimits,
  limitView,
  notFound,
  pushLimits,
  updateWithRetry,
  usageOf,
  type AdminContext,
} from "./context.js";
import { randomId } from "./key-material.js";
import { keyView } from "./key-view.js";
import { createKey, dropKeys } from "./keys.js";
import { limitsOf, nextVersion, type UserRecord } from "./records.js";
import type { NewUserRequest, UpdateUserRequest, UserListQuery } from "./schemas.js";

/** Internal users: budgets and limits across all of a user's keys. */

export const userRef = (userId: string) => ({ kind: "user" as const, id: userId });

export function userView(r: UserRecord, u?: LedgerUsage) {
  return {
    user_id: r.user_id,
    user_email: r.user_email,
    user_alias: r.user_alias,
    user_role: r.user_role,
    models: r.models,
    ...limitView(r, u),
    metadata: r.metadata,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

const missingUser = (id: string): never => notFound("user", id, "user_id");

export async function createUser(ctx: AdminContext, body: NewUserRequest) {
  for (const t of body.teams ?? []) if (!(await ctx.store.teams.get(t))) notFound("team", t, "teams");
  const now = ctx.now();
  const record: UserRecord = {
    user_id: body.user_id ?? randomId("user_"),
    user_email: body.user_email ?? null,
    user_alias: body.user_alias ?? null,
    user_role: body.user_role ?? "internal_user",
    models: body.models ?? [],
    metadata: body.metadata ?? {},
    ...applyLimits(undefined, body, now),
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
  await ctx.store.users.insert(record);
  await pushLimits(ctx, userRef(record.user_id), limitsOf(record), { reset: true });
  for (const t of body.teams ?? []) {
    await ctx.store.members.add(t, record.user_id, "user");
    const team = await ctx.store.teams.get(t);
    if (team && !team.members_with_roles.some((m) => m.user_id === record.user_id)) {
      await ctx.store.teams.replace(
        {
          ...team,
          members_with_roles: [...team.members_with_roles, { user_id: record.user_id, role: "user" }],
          version: nextVersion(team.version, now),
        },
        team.version,
      );
    }
  }
  const view = { ...userView(record), teams: body.teams ?? [] };
  if (!body.auto_create_key) return view;
  const key = await createKey(ctx, { user_id: record.user_id, key_alias: body.key_alias });
  return { ...view, key: key.key, key_name: key.key_name, token: key.token };
}

export async function updateUser(ctx: AdminContext, body: UpdateUserRequest) {
  const record = await updateWithRetry(
    () => ctx.store.users.get(body.user_id),
    (cur) => ({
      ...cur,
      user_email: body.user_email === undefined ? cur.user_email : body.user_email,
      user_alias: body.user_alias === undefined ? cur.user_alias : body.user_alias,
      user_role: body.user_role ?? cur.user_role,
      models: body.models ?? cur.models,
      metadata: body.metadata ?? cur.metadata,
      ...applyLimits(cur, body, ctx.now()),
      updated_at: ctx.now(),
      version: nextVersion(cur.version, ctx.now()),
    }),
    (next, v) => ctx.store.users.replace(next, v),
    () => missingUser(body.user_id),
  );
  await pushLimits(ctx, userRef(record.user_id), limitsOf(record));
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
    for (const teamId of await ctx.store.members.teamsOf(u.user_id)) {
      const team = await ctx.store.teams.get(teamId);
      if (team) {
        await ctx.store.teams.replace(
          {
            ...team,
            members_with_roles: team.members_with_roles.filter((m) => m.user_id !== u.user_id),
            version: nextVersion(team.version, ctx.now()),
          },
          team.version,
        );
      }
    }
    await ctx.store.members.removeUser(u.user_id);
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
