import type { z } from "zod";
import { notFound, type AdminContext } from "./context.js";
import { memberUser } from "./first-reference.js";
import type { TeamMember, TeamRecord } from "./records.js";
import type { MemberAddRequest, MemberDeleteRequest, MemberUpdateRequest, TeamMemberInput } from "./schemas.js";
import { changeTeam, writeTeam } from "./team-write.js";

/** Team memberships: kept in the team record (members_with_roles) and in team_members (a user's teams). */

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

/** Members given by user_id or user_email: users found, or created on first reference. */
export async function resolveMembers(ctx: AdminContext, input: TeamMemberInput[]): Promise<TeamMember[]> {
  const out: TeamMember[] = [];
  for (const m of input) {
    const user = await memberUser(ctx, m);
    out.push({ user_id: user.user_id, user_email: user.user_email, role: m.role });
  }
  return out;
}

const missingTeam = (id: string): never => notFound("team", id, "team_id");

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
