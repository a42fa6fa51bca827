import type { z } from "zod";
import { BadRequestError } from "../errors/gateway-error.js";
import { accessGroupsOf, listAllows } from "../access/model-access.js";
import { applyLimits, notFound, pushLimits, updated, usageOf, type AdminContext, type LimitInput } from "./context.js";
import { randomId } from "./key-material.js";
import { keyView } from "./key-view.js";
import { dropKeys } from "./keys.js";
import { limitsOf, nextVersion, type LimitFields, type TeamRecord } from "./records.js";
import type { NewTeamRequest, TeamListQuery, TeamModelRequest, UpdateTeamRequest } from "./schemas.js";
import { resolveMembers } from "./team-members.js";
import { changeTeam, teamRef, teamView } from "./team-write.js";

export { teamRef, teamView };

/** Teams: models, budgets and limits that bind every key of the team. */

const missingTeam = (id: string): never => notFound("team", id, "team_id");

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
