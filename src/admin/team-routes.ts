import { checkTeamUpdate, teamListScope, teamToAdminister, teamToRead } from "./access.js";
import { body, query, type RouteDef } from "./route-table.js";
import * as S from "./schemas.js";
import { addMembers, removeMember, updateMember } from "./team-members.js";
import { changeTeamModels, createTeam, deleteTeams, listTeams, setTeamBlocked, teamInfo, updateTeam } from "./teams.js";

/** Teams: proxy admins manage them; a team's admins manage its members and names; members read it. */
export const TEAM_ROUTES: RouteDef[] = [
  {
    method: "POST",
    path: "/team/new",
    rule: "proxy_admin",
    run: async (ctx, c) => createTeam(ctx, await body(c, S.NewTeamRequest)),
  },
  {
    method: "POST",
    path: "/team/update",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, S.UpdateTeamRequest);
      await checkTeamUpdate(ctx, b);
      return updateTeam(ctx, b);
    },
  },
  {
    method: "POST",
    path: "/team/delete",
    rule: "proxy_admin",
    run: async (ctx, c) => deleteTeams(ctx, (await body(c, S.TeamIds)).team_ids),
  },
  {
    method: "POST",
    path: "/team/block",
    rule: "proxy_admin",
    run: async (ctx, c) => setTeamBlocked(ctx, (await body(c, S.TeamRef)).team_id, true),
  },
  {
    method: "POST",
    path: "/team/unblock",
    rule: "proxy_admin",
    run: async (ctx, c) => setTeamBlocked(ctx, (await body(c, S.TeamRef)).team_id, false),
  },
  {
    method: "POST",
    path: "/team/member_add",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, S.MemberAddRequest);
      await teamToAdminister(ctx, b.team_id);
      return addMembers(ctx, b);
    },
  },
  {
    method: "POST",
    path: "/team/member_delete",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, S.MemberDeleteRequest);
      await teamToAdminister(ctx, b.team_id);
      return removeMember(ctx, b);
    },
  },
  {
    method: "POST",
    path: "/team/member_update",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, S.MemberUpdateRequest);
      await teamToAdminister(ctx, b.team_id);
      return updateMember(ctx, b);
    },
  },
  {
    method: "POST",
    path: "/team/model/add",
    rule: "proxy_admin",
    run: async (ctx, c) => changeTeamModels(ctx, await body(c, S.TeamModelRequest), true),
  },
  {
    method: "POST",
    path: "/team/model/delete",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, S.TeamModelRequest);
      await teamToAdminister(ctx, b.team_id);
      return changeTeamModels(ctx, b, false);
    },
  },
  {
    method: "GET",
    path: "/team/info",
    rule: "self_service",
    run: async (ctx, c) => teamInfo(ctx, await teamToRead(ctx, query(c, S.TeamInfoQuery).team_id)),
  },
  {
    method: "GET",
    path: "/team/list",
    rule: "self_service",
    run: async (ctx, c) => listTeams(ctx, teamListScope(ctx.actor, query(c, S.TeamListQuery))),
  },
];
