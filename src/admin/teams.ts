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
import { dropKeys } from "./keys.js";
import { limitsOf, nextVersion, type TeamMember, type TeamRecord } from "./records.js";
import type { MemberAddRequest, NewTeamRequest, TeamListQuery, UpdateTeamRequest } from "./schemas.js";

/** Teams: models, budgets and limits that bind every key of the team. */

export const teamRef = (teamId: string) => ({ kind: "team" as const, id: teamId });

export function teamView(r: TeamRecord, u?: LedgerUsage) {
  return {
    team_id: r.team_id,
    team_alias: r.team_alias,
    models: r.models,
    ...limitView(r, u),
    blocked: r.blocked,
    metadata: r.metadata,
    members_with_roles: r.members_with_roles,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

async function requireUsers(ctx: AdminContext, members: TeamMember[]): Promise<void> {
  for (const m of members) if (!(await ctx.store.users.get(m.user_id))) notFound("user", m.user_id, "user_id");
}

const missingTeam = (id: string): never => notFound("team", id, "team_id");

export async function createTeam(ctx: AdminContext, body: NewTeamRequest) {
  const members = body.members_with_roles ?? [];
  await requireUsers(ctx, members);
  const now = ctx.now();
  const record: TeamRecord = {
    team_id: body.team_id ?? randomId("team_"),
    team_alias: body.team_alias ?? null,
    models: body.models ?? [],
    blocked: body.blocked ?? false,
    members_with_roles: members,
    metadata: body.metadata ?? {},
    ...applyLimits(undefined, body, now),
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
  await ctx.store.teams.insert(record);
  for (const m of members) await ctx.store.members.add(record.team_id, m.user_id, m.role);
  await pushLimits(ctx, teamRef(record.team_id), limitsOf(record), { reset: true });
  return teamView(record);
}

async function changeTeam(
  ctx: AdminContext,
  teamId: string,
  change: (cur: TeamRecord) => TeamRecord | Promise<TeamRecord>,
) {
  const record = await updateWithRetry(
    () => ctx.store.teams.get(teamId),
    async (cur) => ({ ...(await change(cur)), updated_at: ctx.now(), version: nextVersion(cur.version, ctx.now()) }),
    (next, v) => ctx.store.teams.replace(next, v),
    () => missingTeam(teamId),
  );
  await pushLimits(ctx, teamRef(teamId), limitsOf(record));
  return teamView(record, await usageOf(ctx, teamRef(teamId)));
}

export function updateTeam(ctx: AdminContext, body: UpdateTeamRequest) {
  return changeTeam(ctx, body.team_id, (cur) => ({
    ...cur,
    team_alias: body.team_alias === undefined ? cur.team_alias : body.team_alias,
    models: body.models ?? cur.models,
    blocked: body.blocked ?? cur.blocked,
    metadata: body.metadata ?? cur.metadata,
    ...applyLimits(cur, body, ctx.now()),
  }));
}

export function setTeamBlocked(ctx: AdminContext, teamId: string, blocked: boolean) {
  return changeTeam(ctx, teamId, (cur) => ({ ...cur, blocked }));
}

export async function addMembers(ctx: AdminContext, body: z.infer<typeof MemberAddRequest>) {
  const added = Array.isArray(body.member) ? body.member : [body.member];
  await requireUsers(ctx, added);
  const view = await changeTeam(ctx, body.team_id, (cur) => {
    const others = cur.members_with_roles.filter((m) => !added.some((a) => a.user_id === m.user_id));
    return { ...cur, members_with_roles: [...others, ...added] };
  });
  for (const m of added) await ctx.store.members.add(body.team_id, m.user_id, m.role);
  return view;
}

export async function removeMember(ctx: AdminContext, teamId: string, userId: string) {
  const team = (await ctx.store.teams.get(teamId)) ?? missingTeam(teamId);
  if (!team.members_with_roles.some((m) => m.user_id === userId)) notFound("team member", userId, "user_id");
  const view = await changeTeam(ctx, teamId, (cur) => ({
    ...cur,
    members_with_roles: cur.members_with_roles.filter((m) => m.user_id !== userId),
  }));
  await ctx.store.members.remove(teamId, [userId]);
  return view;
}

export async function teamInfo(ctx: AdminContext, teamId: string) {
  const team = (await ctx.store.teams.get(teamId)) ?? missingTeam(teamId);
  const [usage, keys] = await Promise.all([
    usageOf(ctx, teamRef(teamId)),
    ctx.store.keys.list({ where: { team_id: teamId }, offset: 0, limit: 1000 }),
  ]);
  return {
    team_id: teamId,
    team_info: teamView(team, usage),
    keys: keys.rows.map((k) => keyView(k)),
    team_memberships: team.members_with_roles,
  };
}

export async function listTeams(ctx: AdminContext, q: z.infer<typeof TeamListQuery>) {
  let teams: TeamRecord[];
  if (q.user_id) {
    const ids = await ctx.store.members.teamsOf(q.user_id);
    teams = (await Promise.all(ids.map((id) => ctx.store.teams.get(id)))).filter((t): t is TeamRecord => !!t);
  } else {
    teams = (await ctx.store.teams.list({ offset: 0, limit: 1000 })).rows;
  }
  return Promise.all(teams.map(async (t) => teamView(t, await usageOf(ctx, teamRef(t.team_id)))));
}

/** Delete teams with their keys (their requests stop at once) and memberships. */
export async function deleteTeams(ctx: AdminContext, teamIds: string[]) {
  const teams: TeamRecord[] = [];
  for (const id of teamIds) teams.push((await ctx.store.teams.get(id)) ?? missingTeam(id));
  for (const t of teams) {
    const keys = await ctx.store.keys.list({ where: { team_id: t.team_id }, offset: 0, limit: 10_000 });
    await dropKeys(ctx, keys.rows);
    await ctx.store.members.removeTeam(t.team_id);
  }
  await ctx.store.teams.remove(teamIds);
  const now = ctx.now();
  await Promise.all(
    teams.map((t) =>
      pushLimits(ctx, teamRef(t.team_id), limitsOf({ ...t, version: nextVersion(t.version, now) }, true)),
    ),
  );
  return { deleted_teams: teamIds };
}
