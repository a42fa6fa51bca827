import type { LedgerUsage } from "../state/ledger.js";
import { limitView, notFound, pushLimits, updateWithRetry, usageOf, type AdminContext } from "./context.js";
import { limitsOf, nextVersion, type TeamRecord } from "./records.js";

/** Writing a team record (version-guarded, its limits pushed to its ledger) and showing it. */

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

/** Write a team record changed by `change` (version-guarded, retried). */
export function writeTeam(
  ctx: AdminContext,
  teamId: string,
  change: (cur: TeamRecord) => TeamRecord | Promise<TeamRecord>,
): Promise<TeamRecord> {
  return updateWithRetry(
    () => ctx.store.teams.get(teamId),
    async (cur) => ({ ...(await change(cur)), updated_at: ctx.now(), version: nextVersion(cur.version, ctx.now()) }),
    (next, v) => ctx.store.teams.replace(next, v),
    () => notFound("team", teamId, "team_id"),
  );
}

/** Write, push the team's limits, and show it with its spend. */
export async function changeTeam(
  ctx: AdminContext,
  teamId: string,
  change: (cur: TeamRecord) => TeamRecord | Promise<TeamRecord>,
) {
  const record = await writeTeam(ctx, teamId, change);
  await pushLimits(ctx, teamRef(teamId), limitsOf(record));
  return teamView(record, await usageOf(ctx, teamRef(teamId)));
}
