import { BadRequestError, PermissionDeniedError } from "../errors/gateway-error.js";
import { type Actor, actorLabel, isInternalUser, isProxyAdmin, isTeamAdmin, isTeamMember, seesAll } from "./actor.js";
import { type AdminContext, notFound } from "./context.js";
import type { TeamRecord } from "./records.js";

/**
 * Self-service: what a caller who is not a proxy admin may do with their own key, user and teams
 * (LiteLLM's internal_user / internal_user_viewer and team admin rules). Every check throws a 403
 * naming what is not allowed; nothing here ever widens what the caller's user or team allow.
 */

export function deny(message: string, param?: string): never {
  throw new PermissionDeniedError(message, { code: "not_allowed", param });
}

function badRequest(message: string, param: string): never {
  throw new BadRequestError(message, { code: "invalid_request", param });
}

export const teamOf = async (ctx: AdminContext, id: string) =>
  (await ctx.store.teams.get(id)) ?? notFound("team", id, "team_id");

/** /team/info: admins, viewers and the team's members. */
export async function teamToRead(ctx: AdminContext, teamId: string): Promise<TeamRecord> {
  const team = await teamOf(ctx, teamId);
  if (!seesAll(ctx.actor) && !isTeamMember(ctx.actor, team))
    deny(`${actorLabel(ctx.actor)} is not a member of team "${teamId}"`, "team_id");
  return team;
}

/** Team routes a team's admins may use (members, aliases): admins and the team's admins. */
export async function teamToAdminister(ctx: AdminContext, teamId: string): Promise<TeamRecord> {
  const team = await teamOf(ctx, teamId);
  if (!isProxyAdmin(ctx.actor) && !isTeamAdmin(ctx.actor, team))
    deny(`${actorLabel(ctx.actor)} is not an admin of team "${teamId}"`, "team_id");
  return team;
}

const TEAM_ADMIN_FIELDS = new Set(["team_id", "team_alias", "metadata", "model_aliases", "tags"]);

/** /team/update: a team admin may rename and annotate the team, never change its models, limits or status. */
export async function checkTeamUpdate(ctx: AdminContext, body: Record<string, unknown> & { team_id: string }) {
  await teamToAdminister(ctx, body.team_id);
  if (isProxyAdmin(ctx.actor)) return;
  for (const [k, v] of Object.entries(body))
    if (v !== undefined && !TEAM_ADMIN_FIELDS.has(k)) deny(`only a proxy admin may change a team's "${k}"`, k);
}

/** /team/list: admins and viewers every team; others the teams they belong to. */
export function teamListScope<Q extends { user_id?: string }>(a: Actor, q: Q): Q {
  if (seesAll(a)) return q;
  if (!a.userId) deny(`${actorLabel(a)} may not list teams`);
  if (q.user_id && q.user_id !== a.userId) deny("you may list only your own teams", "user_id");
  return { ...q, user_id: a.userId };
}

/** /user/info: admins and viewers any user; others their own (the default). */
export function userToRead(a: Actor, given: string | undefined): string {
  if (seesAll(a)) return given ?? a.userId ?? badRequest('missing required field "user_id"', "user_id");
  if (!a.userId || a.role === "none") deny(`${actorLabel(a)} has no user`, "user_id");
  if (given && given !== a.userId) deny("you may see only your own user", "user_id");
  return a.userId;
}

const SELF_USER_FIELDS = new Set(["user_id", "user_email", "user_alias", "metadata"]);

/** /user/update: a user may change their own email, alias and metadata, never their role, models, limits or spend. */
export function checkUserUpdate(a: Actor, body: Record<string, unknown>): void {
  if (isProxyAdmin(a)) return;
  if (!a.userId || (body.user_id ?? a.userId) !== a.userId)
    deny(`${actorLabel(a)} may update only its own user`, "user_id");
  if (!isInternalUser(a)) deny(`${actorLabel(a)} may not change users (viewers read only)`);
  for (const [k, v] of Object.entries(body))
    if (v !== undefined && !SELF_USER_FIELDS.has(k)) deny(`only a proxy admin may change a user's "${k}"`, k);
}
