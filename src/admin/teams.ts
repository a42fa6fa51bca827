import type { z } from "zod";
import { BadRequestError } from "../errors/gateway-error.js";
import { accessGroupsOf, listAllows } from "../http/model-access.js";
import type { LedgerUsage } from "../state/ledger.js";
import {
  applyLimits,
  limitView,
  notFound,
  pushLimits,
  updated,
  usageOf,
  type AdminContext,
  type LimitInput,
} from "./context.js";
import { memberUser } from "./first-reference.js";
import { randomId } from "./key-material.js";
import { keyView } from "./key-view.js";
import { dropKeys } from "./keys.js";
import { limitsOf, nextVersion, type LimitFields, type TeamMember, type TeamRecord } from "./records.js";
import type {
  MemberAddRequest,
  MemberDeleteRequest,
  MemberUpdateRequest,
  NewTeamRequest,
  TeamListQuery,
  TeamMemberInput,
  TeamModelRequest,
  UpdateTeamRequest,
} from "./schemas.js";
import { withMembers, writeTeam } from "./team-members.js";

/** Teams: models, budgets and limits that bind every key of the team. */

export const teamRef = (teamId: string) => ({ kind: "team" as const, id: teamId });

export function teamView(r: TeamRecord, u?: LedgerUsage) {
  return {
    team_id: r.team_id,
    team_alias: r.team_alias,
    organization_id: r.organization_id,
    models: r.models,
    model_aliases: r.model_aliases,
    tags: r.tags,
    ...limitView(r, u),
    blocked: r.blocked,
    metadata: r.metadata,
    members_with_roles: r.members_with_roles,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

const missingTeam = (id: string): never => notFound("team", id, "team_id");

/** Members given by user_id or user_email: users found, or created on first reference. */
async function resolveMembers(ctx: AdminContext, input: TeamMemberInput[]): Promise<TeamMember[]> {
  const out: TeamMember[] = [];
  for (const m of input) {
    const user = await memberUser(ctx, m);
    out.push({ user_id: user.user_id, user_email: user.user_email, role: m.role });
  }
  return out;
}

/**
 * A team inside an organization stays inside it: its models among the organization's, its
 * max_budget, tpm and rpm no higher than the organization's.
 */
async function checkOrganization(ctx: AdminContext, team: TeamRecord): Promise<void> {
  if (!team.organization_id) return;
  const org =
    (await ctx.store.organizations.get(team.organization_id)) ??
    notFound("organization", team.organization_id, "organization_id");
  const access = accessGroupsOf(ctx.config);
  const outside = team.models.filter((m) => !listAllows(org.models, m, access));
  if (outside.length)
    throw new BadRequestError(
      `models ${outside.map((m) => `"${m}"`).join(", ")} are not among organization "${org.organization_id}"'s models (${org.models.join(", ")})`,
      { param: "models", code: "invalid_request" },
    );
  const above = (field: keyof LimitFields, name: string) => {
    const t = team[field];
    const o = org[field];
    if (typeof t === "number" && typeof o === "number" && t > o)
      throw new BadRequestError(`${name} is above organization "${org.organization_id}"'s ${name}`, {
        param: name,
        code: "invalid_request",
      });
  };
  above("max_budget_micros", "max_budget");
  above("tpm_limit", "tpm_limit");
  above("rpm_limit", "rpm_limit");
}

type TeamFields = Omit<UpdateTeamRequest, "team_id"> & LimitInput;

function withFields(cur: TeamRecord, b: TeamFields, now: number): TeamRecord {
  return {
    ...cur,
    team_alias: updated(b.team_alias, cur.team_alias, null),
    models: updated(b.models, cur.models, []),
    blocked: updated(b.blocked, cur.blocked, false),
    metadata: updated(b.metadata, cur.metadata, {}),
    organization_id: updated(b.organization_id, cur.organization_id, null),
    model_aliases: updated(b.model_aliases, cur.model_aliases, {}),
    tags: updated(b.tags, cur.tags, []),
    ...applyLimits(cur, b, now),
  };
}

export async function createTeam(ctx: AdminContext, body: NewTeamRequest) {
  const now = ctx.now();
  const blank: TeamRecord = {
    team_id: body.team_id ?? randomId("team_"),
    team_alias: null,
    models: [],
    blocked: false,
    members_with_roles: [],
    organization_id: null,
    model_aliases: {},
    tags: [],
    metadata: {},
    ...applyLimits(undefined, {}, now),
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
  const record = withFields(blank, body, now);
  await checkOrganization(ctx, record);
  record.members_with_roles = await resolveMembers(ctx, body.members_with_roles ?? []);
  await ctx.store.teams.insert(record);
  for (const m of record.members_with_roles) await ctx.store.members.add(record.team_id, m.user_id, m.role);
  await pushLimits(ctx, teamRef(record.team_id), limitsOf(record), { reset: true });
  return teamView(record);
}

async function changeTeam(
  ctx: AdminContext,
  teamId: string,
  change: (cur: TeamRecord) => TeamRecord | Promise<TeamRecord>,
) {
  const record = await writeTeam(ctx, teamId, change);
  await pushLimits(ctx, teamRef(teamId), limitsOf(record));
  return teamView(record, await usageOf(ctx, teamRef(teamId)));
}

export function updateTeam(ctx: AdminContext, body: UpdateTeamRequest) {
  return changeTeam(ctx, body.team_id, async (cur) => {
    const next = withFields(cur, body, ctx.now());
    await checkOrganization(ctx, next);
    return next;
  });
}

export function setTeamBlocked(ctx: AdminContext, teamId: string, blocked: boolean) {
  return changeTeam(ctx, teamId, (cur) => ({ ...cur, blocked }));
}

/** /team/model/add and /team/model/delete. */
export function changeTeamModels(ctx: AdminContext, body: z.infer<typeof TeamModelRequest>, add: boolean) {
  return changeTeam(ctx, body.team_id, async (cur) => {
    const models = add
      ? [...cur.models, ...body.models.filter((m) => !cur.models.includes(m))]
      : cur.models.filter((m) => !body.models.includes(m));
    if (!add && cur.models.length && !models.length)
      throw new BadRequestError("removing every model would let the team use all models; delete the team instead", {
        param: "models",
        code: "invalid_request",
      });
    const next = { ...cur, models };
    await checkOrganization(ctx, next);
    return next;
  });
}

export async function addMembers(ctx: AdminContext, body: z.infer<typeof MemberAddRequest>) {
  if (!(await ctx.store.teams.get(body.team_id))) missingTeam(body.team_id);
  const added = await resolveMembers(ctx, Array.isArray(body.member) ? body.member : [body.member]);
  const view = await changeTeam(ctx, body.team_id, (cur) => withMembers(cur, added));
  for (const m of added) await ctx.store.members.add(body.team_id, m.user_id, m.role);
  return view;
}

/** The member a member_delete / member_update names (by user_id or user_email). */
export function findMember(team: TeamRecord, ref: { user_id?: string | null; user_email?: string | null }) {
  const m = team.members_with_roles.find((x) =>
    ref.user_id ? x.user_id === ref.user_id : !!ref.user_email && x.user_email === ref.user_email,
  );
  return m ?? notFound("team member", ref.user_id ?? ref.user_email ?? "", ref.user_id ? "user_id" : "user_email");
}

export async function removeMember(ctx: AdminContext, body: z.infer<typeof MemberDeleteRequest>) {
  const team = (await ctx.store.teams.get(body.team_id)) ?? missingTeam(body.team_id);
  const member = findMember(team, body);
  const view = await changeTeam(ctx, body.team_id, (cur) => ({
    ...cur,
    members_with_roles: cur.members_with_roles.filter((m) => m.user_id !== member.user_id),
  }));
  await ctx.store.members.remove(body.team_id, [member.user_id]);
  return view;
}

export async function updateMember(ctx: AdminContext, body: z.infer<typeof MemberUpdateRequest>) {
  const team = (await ctx.store.teams.get(body.team_id)) ?? missingTeam(body.team_id);
  const member = { ...findMember(team, body), role: body.role };
  const view = await changeTeam(ctx, body.team_id, (cur) => withMembers(cur, [member]));
  await ctx.store.members.add(body.team_id, member.user_id, member.role);
  return view;
}

export async function teamInfo(ctx: AdminContext, team: TeamRecord) {
  const [usage, keys] = await Promise.all([
    usageOf(ctx, teamRef(team.team_id)),
    ctx.store.keys.list({ where: { team_id: team.team_id }, offset: 0, limit: 1000 }),
  ]);
  return {
    team_id: team.team_id,
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
    if (q.organization_id) teams = teams.filter((t) => t.organization_id === q.organization_id);
  } else {
    const where = q.organization_id ? { organization_id: q.organization_id } : undefined;
    teams = (await ctx.store.teams.list({ where, offset: 0, limit: 1000 })).rows;
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
