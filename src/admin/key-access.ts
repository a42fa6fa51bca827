import { accessGroupsOf, listAllows } from "../access/model-access.js";
import { deny, teamOf } from "./access.js";
import { actorLabel, isInternalUser, isProxyAdmin, isTeamAdmin, isTeamMember, seesAll } from "./actor.js";
import type { AdminContext } from "./context.js";
import { findKey, missingKey } from "./keys.js";
import type { KeyRecord, LimitFields } from "./records.js";
import type { GenerateKeyRequest } from "./schemas.js";
import { BadRequestError } from "../errors/gateway-error.js";

/**
 * Self-service on keys: which keys a caller who is not a proxy admin may read and change, and
 * the fields it may set on them (never beyond what the key's user and team allow).
 */

function badRequest(message: string, param: string): never {
  throw new BadRequestError(message, { code: "invalid_request", param });
}

/** Whether the actor may read this key: admins and viewers any; the key itself; its user; its team's admins. */
async function seesKey(ctx: AdminContext, key: KeyRecord): Promise<boolean> {
  const a = ctx.actor;
  if (seesAll(a) || key.token === a.keyHash) return true;
  if (a.userId && key.user_id === a.userId && a.role !== "none") return true;
  if (key.team_id) {
    const team = await ctx.store.teams.get(key.team_id);
    if (team && isTeamAdmin(a, team)) return true;
  }
  return false;
}

/** Whether the actor may change this key: admins; an internal_user their own user's keys; a team admin the team's keys. */
async function writesKey(ctx: AdminContext, key: KeyRecord): Promise<boolean> {
  const a = ctx.actor;
  if (isProxyAdmin(a)) return true;
  if (isInternalUser(a) && a.userId && key.user_id === a.userId) return true;
  if (key.team_id) {
    const team = await ctx.store.teams.get(key.team_id);
    if (team && isTeamAdmin(a, team)) return true;
  }
  return false;
}

/** /key/info: the key named (or the caller's own), if the caller may see it. */
export async function keyToRead(ctx: AdminContext, given: string | undefined): Promise<KeyRecord> {
  const a = ctx.actor;
  const key =
    given ?? a.keyHash ?? badRequest('missing required field "key" (the master key has no key info of its own)', "key");
  const record = (await findKey(ctx, key)) ?? missingKey(key);
  if (!(await seesKey(ctx, record))) deny(`${actorLabel(a)} may not see this key's info`, "key");
  return record;
}

/** A key the caller may change (update, delete, regenerate). */
export async function keyToWrite(ctx: AdminContext, given: string): Promise<KeyRecord> {
  const record = (await findKey(ctx, given)) ?? missingKey(given);
  if (!(await writesKey(ctx, record))) deny(`${actorLabel(ctx.actor)} may not change this key`, "key");
  return record;
}

/** /key/block and /key/unblock: admins, and a team's admins for the team's keys (never their own key). */
export async function keyToBlock(ctx: AdminContext, given: string): Promise<KeyRecord> {
  const a = ctx.actor;
  const record = (await findKey(ctx, given)) ?? missingKey(given);
  if (isProxyAdmin(a)) return record;
  const team = record.team_id ? await ctx.store.teams.get(record.team_id) : undefined;
  if (!team || !isTeamAdmin(a, team) || record.token === a.keyHash)
    deny(`${actorLabel(a)} may not block or unblock this key`, "key");
  return record;
}

type KeyFields = Omit<GenerateKeyRequest, "key">;

const ADMIN_ONLY_KEY_FIELDS = ["spend", "budget_id", "organization_id"] as const;

const CAPS = [
  ["max_budget", "max_budget_micros", 1e6],
  ["tpm_limit", "tpm_limit", 1],
  ["rpm_limit", "rpm_limit", 1],
  ["max_parallel_requests", "max_parallel_requests", 1],
] as const satisfies ReadonlyArray<readonly [keyof KeyFields, keyof LimitFields, number]>;

/**
 * The fields of a key a non-admin writes stay within the key's user and team: no limit above
 * theirs, no model outside their lists, no spend, shared budget or organization, no unblocking.
 */
async function checkKeyFields(ctx: AdminContext, b: KeyFields, cur?: KeyRecord): Promise<void> {
  const a = ctx.actor;
  for (const f of ADMIN_ONLY_KEY_FIELDS)
    if (b[f] !== undefined && b[f] !== null) deny(`only a proxy admin may set "${f}" on a key`, f);
  if (cur?.blocked && b.blocked !== undefined && !b.blocked) deny("only an admin may unblock a blocked key", "blocked");
  const userId = b.user_id === undefined ? (cur?.user_id ?? null) : b.user_id;
  const teamId = b.team_id === undefined ? (cur?.team_id ?? null) : b.team_id;
  const team = teamId ? await teamOf(ctx, teamId) : undefined;
  const teamAdmin = !!team && isTeamAdmin(a, team);
  if (userId !== a.userId && !(teamAdmin && team.members_with_roles.some((m) => m.user_id === userId)))
    deny(
      `${actorLabel(a)} may only manage keys of its own user${teamAdmin ? " or of its team's members" : ""}`,
      "user_id",
    );
  if (team && !teamAdmin && !isTeamMember(a, team)) deny(`not a member of team "${team.team_id}"`, "team_id");
  const user = userId ? await ctx.store.users.get(userId) : undefined;
  const bounds: Array<{ name: string; rec: LimitFields & { models: string[] } }> = [];
  if (user) bounds.push({ name: `user "${user.user_id}"`, rec: user });
  if (team) bounds.push({ name: `team "${team.team_id}"`, rec: team });
  for (const [field, stored, scale] of CAPS) {
    const v = b[field];
    if (typeof v !== "number") continue;
    for (const { name, rec } of bounds) {
      const cap = rec[stored];
      if (cap !== null && v * scale > cap) deny(`${field} ${v} is above what ${name} allows (${cap / scale})`, field);
    }
  }
  const access = accessGroupsOf(ctx.config);
  for (const m of b.models ?? []) {
    if (m === "all-team-models" && team) continue;
    for (const { name, rec } of bounds)
      if (rec.models.length && (m === "all-proxy-models" || !listAllows(rec.models, m, access)))
        deny(`model "${m}" is not among what ${name} may use`, "models");
  }
}

/** /key/generate by a non-admin: for their own user (the default), or a team they administer, within its limits. */
export async function checkKeyCreate(ctx: AdminContext, b: GenerateKeyRequest): Promise<GenerateKeyRequest> {
  const a = ctx.actor;
  if (isProxyAdmin(a)) return b;
  const team = b.team_id ? await teamOf(ctx, b.team_id) : undefined;
  if (!isInternalUser(a) && !(team && isTeamAdmin(a, team)))
    deny(`${actorLabel(a)} may not create keys (internal_user, a team admin or a proxy admin may)`);
  const body = { ...b, user_id: b.user_id === undefined ? a.userId : b.user_id };
  await checkKeyFields(ctx, body);
  return body;
}

/** /key/update and /key/regenerate by a non-admin: a key they may change, within its user's and team's limits. */
export async function checkKeyChange(ctx: AdminContext, key: KeyRecord, b: KeyFields): Promise<void> {
  if (!isProxyAdmin(ctx.actor)) await checkKeyFields(ctx, b, key);
}

/** /key/list: admins and viewers as asked; a team admin their team's keys; others their own user's keys. */
export async function keyListScope<Q extends { user_id?: string; team_id?: string }>(
  ctx: AdminContext,
  q: Q,
): Promise<Q> {
  const a = ctx.actor;
  if (seesAll(a)) return q;
  if (q.team_id && isTeamAdmin(a, await teamOf(ctx, q.team_id))) return q;
  if (!a.userId || a.role === "none") deny(`${actorLabel(a)} may not list keys`);
  if (q.user_id && q.user_id !== a.userId) deny("you may list only your own keys", "user_id");
  if (q.team_id) deny(`only team "${q.team_id}"'s admins may list its keys`, "team_id");
  return { ...q, user_id: a.userId };
}

/** /spend/logs: admins and viewers any; others their own user's requests (a key without a user: its own). */
export async function spendScope<Q extends { api_key?: string; user_id?: string; team_id?: string }>(
  ctx: AdminContext,
  q: Q,
): Promise<Q> {
  const a = ctx.actor;
  if (seesAll(a)) return q;
  if (q.team_id && !isTeamAdmin(a, await teamOf(ctx, q.team_id)))
    deny(`only team "${q.team_id}"'s admins may see its spend`, "team_id");
  if (q.team_id) return q;
  if (q.api_key) {
    const key = (await findKey(ctx, q.api_key)) ?? missingKey(q.api_key);
    if (!(await seesKey(ctx, key))) deny("you may see only your own keys' spend", "api_key");
    return { ...q, api_key: key.token };
  }
  if (q.user_id && q.user_id !== a.userId) deny("you may see only your own spend", "user_id");
  if (!a.userId || a.role === "none") return { ...q, api_key: a.keyHash ?? undefined };
  return { ...q, user_id: a.userId };
}
