import { notFound, updateWithRetry, type AdminContext } from "./context.js";
import { nextVersion, type TeamMember, type TeamRecord } from "./records.js";

/** Team memberships: kept in the team record (members_with_roles) and in team_members (a user's teams). */

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

/** Members added (or their role changed) on the team record. */
export function withMembers(cur: TeamRecord, added: TeamMember[]): TeamRecord {
  const others = cur.members_with_roles.filter((m) => !added.some((a) => a.user_id === m.user_id));
  return { ...cur, members_with_roles: [...others, ...added] };
}

export async function joinTeam(ctx: AdminContext, teamId: string, member: TeamMember): Promise<TeamRecord> {
  const team = await writeTeam(ctx, teamId, (cur) =>
    cur.members_with_roles.some((m) => m.user_id === member.user_id) ? cur : withMembers(cur, [member]),
  );
  await ctx.store.members.add(teamId, member.user_id, member.role);
  return team;
}

/** A deleted user leaves every team it was in. */
export async function leaveAllTeams(ctx: AdminContext, userId: string): Promise<void> {
  for (const teamId of await ctx.store.members.teamsOf(userId)) {
    if (!(await ctx.store.teams.get(teamId))) continue;
    await writeTeam(ctx, teamId, (cur) => ({
      ...cur,
      members_with_roles: cur.members_with_roles.filter((m) => m.user_id !== userId),
    }));
  }
  await ctx.store.members.removeUser(userId);
}
