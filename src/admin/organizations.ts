import { BadRequestError } from "../errors/gateway-error.js";
import { listAllows, accessGroupsOf } from "../access/model-access.js";
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
import { randomId } from "./key-material.js";
import type { OrganizationRecord } from "./organization-record.js";
import type { NewOrganizationRequest, UpdateOrganizationRequest } from "./organization-schemas.js";
import { limitsOf, nextVersion } from "./records.js";
import { teamView } from "./teams.js";

/** Organizations: above teams, with a budget charged like a team's and a model list every team of it stays within. */

export const orgRef = (id: string) => ({ kind: "org" as const, id });

export function organizationView(r: OrganizationRecord, u?: LedgerUsage) {
  return {
    organization_id: r.organization_id,
    organization_alias: r.organization_alias,
    models: r.models,
    budget_id: r.budget_id,
    blocked: r.blocked,
    ...limitView(r, u),
    metadata: r.metadata,
    members: r.members,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

const missingOrg = (id: string): never => notFound("organization", id, "organization_id");

export async function pushOrganization(ctx: AdminContext, r: OrganizationRecord, opts: { reset?: boolean } = {}) {
  const budget = r.budget_id ? await ctx.store.budgets.get(r.budget_id) : undefined;
  await pushLimits(ctx, orgRef(r.organization_id), limitsOf(withBudget(r, budget)), opts);
}

function withFields(cur: OrganizationRecord, b: Omit<UpdateOrganizationRequest, "organization_id">, now: number) {
  return {
    ...cur,
    organization_alias: updated(b.organization_alias, cur.organization_alias, null),
    models: updated(b.models, cur.models, []),
    budget_id: updated(b.budget_id, cur.budget_id, null),
    metadata: updated(b.metadata, cur.metadata, {}),
    blocked: updated(b.blocked, cur.blocked, false),
    ...applyLimits(cur, b, now),
  };
}

async function requireBudget(ctx: AdminContext, id: string | null | undefined) {
  if (id && !(await ctx.store.budgets.get(id))) notFound("budget", id, "budget_id");
}

export async function createOrganization(ctx: AdminContext, body: NewOrganizationRequest) {
  await requireBudget(ctx, body.budget_id);
  const now = ctx.now();
  const blank: OrganizationRecord = {
    organization_id: body.organization_id ?? randomId("org_"),
    organization_alias: null,
    models: [],
    budget_id: null,
    blocked: false,
    members: [],
    metadata: {},
    ...applyLimits(undefined, {}, now),
    created_at: now,
    updated_at: now,
    version: nextVersion(0, now),
  };
  const record = withFields(blank, body, now);
  await ctx.store.organizations.insert(record);
  await pushOrganization(ctx, record, { reset: true });
  return organizationView(record);
}

export async function changeOrg(
  ctx: AdminContext,
  id: string,
  change: (cur: OrganizationRecord) => OrganizationRecord | Promise<OrganizationRecord>,
) {
  const record = await updateWithRetry(
    () => ctx.store.organizations.get(id),
    async (cur) => ({ ...(await change(cur)), updated_at: ctx.now(), version: nextVersion(cur.version, ctx.now()) }),
    (next, v) => ctx.store.organizations.replace(next, v),
    () => missingOrg(id),
  );
  await pushOrganization(ctx, record);
  return organizationView(record, await usageOf(ctx, orgRef(id)));
}

/** An organization's models cannot shrink below what its teams name. */
async function checkTeamsInside(ctx: AdminContext, org: OrganizationRecord): Promise<void> {
  if (!org.models.length) return;
  const access = accessGroupsOf(ctx.config);
  const teams = await ctx.store.teams.list({
    where: { organization_id: org.organization_id },
    offset: 0,
    limit: 10_000,
  });
  for (const t of teams.rows) {
    const outside = t.models.filter((m) => !listAllows(org.models, m, access));
    if (outside.length)
      throw new BadRequestError(
        `team "${t.team_id}" of this organization uses ${outside.map((m) => `"${m}"`).join(", ")}, which "models" leaves out`,
        { param: "models", code: "invalid_request" },
      );
  }
}

export async function updateOrganization(ctx: AdminContext, body: UpdateOrganizationRequest) {
  await requireBudget(ctx, body.budget_id);
  return changeOrg(ctx, body.organization_id, async (cur) => {
    const next = withFields(cur, body, ctx.now());
    await checkTeamsInside(ctx, next);
    return next;
  });
}

export async function organizationInfo(ctx: AdminContext, org: OrganizationRecord) {
  const [usage, teams] = await Promise.all([
    usageOf(ctx, orgRef(org.organization_id)),
    ctx.store.teams.list({ where: { organization_id: org.organization_id }, offset: 0, limit: 1000 }),
  ]);
  return { ...organizationView(org, usage), teams: teams.rows.map((t) => teamView(t)) };
}

export async function listOrganizations(ctx: AdminContext, onlyIds?: string[]) {
  const rows = onlyIds
    ? (await Promise.all(onlyIds.map((id) => ctx.store.organizations.get(id)))).filter(
        (o): o is OrganizationRecord => !!o,
      )
    : (await ctx.store.organizations.list({ offset: 0, limit: 1000 })).rows;
  return Promise.all(rows.map(async (o) => organizationView(o, await usageOf(ctx, orgRef(o.organization_id)))));
}

/** An organization with teams cannot go: delete or move its teams first. */
export async function deleteOrganizations(ctx: AdminContext, ids: string[]) {
  const orgs: OrganizationRecord[] = [];
  for (const id of ids) orgs.push((await ctx.store.organizations.get(id)) ?? missingOrg(id));
  for (const o of orgs) {
    const teams = await ctx.store.teams.list({ where: { organization_id: o.organization_id }, offset: 0, limit: 1 });
    if (teams.total)
      throw new BadRequestError(
        `organization "${o.organization_id}" still has ${teams.total} team(s); delete them or move them out first`,
        { param: "organization_ids", code: "organization_in_use" },
      );
  }
  for (const o of orgs) await ctx.store.orgMembers.removeTeam(o.organization_id);
  await ctx.store.organizations.remove(ids);
  const now = ctx.now();
  await Promise.all(
    orgs.map((o) =>
      pushLimits(ctx, orgRef(o.organization_id), limitsOf({ ...o, version: nextVersion(o.version, now) }, true)),
    ),
  );
  return { deleted_organizations: ids };
}
