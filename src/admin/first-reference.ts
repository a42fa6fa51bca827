import { applyLimits, notFound, pushLimits, type AdminContext } from "./context.js";
import { randomId } from "./key-material.js";
import { limitsOf, nextVersion, type UserRecord } from "./records.js";

/** Users are created on first reference, as LiteLLM does: a key, team member or /user/update naming an unknown user. */

export const userRef = (userId: string) => ({ kind: "user" as const, id: userId });

export function newUserRecord(ctx: AdminContext, fields: { user_id: string; user_email?: string | null }): UserRecord {
  const now = ctx.now();
  return {
    user_id: fields.user_id,
    user_email: fields.user_email ?? null,
    user_alias: null,
    user_role: "internal_user",
    models: [],
    budget_id: null,
    metadata: {},
    ...applyLimits(undefined, {}, now),
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
}

/** The user with this id, created (internal_user, no limits) when there is none. */
export async function ensureUser(ctx: AdminContext, userId: string, email?: string | null): Promise<UserRecord> {
  const found = await ctx.store.users.get(userId);
  if (found) return found;
  const record = newUserRecord(ctx, { user_id: userId, user_email: email });
  try {
    await ctx.store.users.insert(record);
  } catch (e) {
    const again = await ctx.store.users.get(userId); // created meanwhile by another call
    if (again) return again;
    throw e;
  }
  await pushLimits(ctx, userRef(userId), limitsOf(record), { reset: true });
  return record;
}

/** A member given by user_id and/or user_email: the user, found or created on first reference. */
export async function memberUser(
  ctx: AdminContext,
  m: { user_id?: string | null; user_email?: string | null },
): Promise<UserRecord> {
  if (m.user_id) return ensureUser(ctx, m.user_id, m.user_email);
  if (!m.user_email) return notFound("user", "(none given)", "user_id");
  const byEmail = await ctx.store.users.getByEmail(m.user_email);
  return byEmail ?? ensureUser(ctx, randomId("user_"), m.user_email);
}
