import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../http/app-env.js";
import { authenticate, requireMaster } from "../http/authenticate.js";
import { readBody } from "../http/read-body.js";
import { adminContext, type AdminContext } from "./context.js";
import {
  createCustomer,
  customerInfo,
  deleteCustomers,
  listCustomers,
  setCustomersBlocked,
  updateCustomer,
} from "./customers.js";
import { createKey, deleteKeys, keyInfo, listKeys, regenerateKey, setKeyBlocked, updateKey } from "./keys.js";
import * as S from "./schemas.js";
import { globalSpend, globalSpendLogs, spendLogs, spendReport } from "./spend.js";
import {
  addMembers,
  createTeam,
  deleteTeams,
  listTeams,
  removeMember,
  setTeamBlocked,
  teamInfo,
  updateTeam,
} from "./teams.js";
import { createUser, deleteUsers, listUsers, updateUser, userInfo } from "./users.js";
import { parseBody, parseQuery } from "./validate.js";

type Handler = (ctx: AdminContext, c: Context<AppEnv>) => Promise<unknown>;

/** Every management route: the master key only (a virtual key gets 401), then the handler's JSON. */
function admin(handler: Handler) {
  return async (c: Context<AppEnv>) => {
    const { deps } = c.var;
    requireMaster(await authenticate(deps, c.req.raw.headers));
    return c.json((await handler(adminContext(deps), c)) as object);
  };
}

const body = async <S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> =>
  parseBody(schema, await readBody(c.req.raw, c.var.deps.config.maxRequestBytes));
const query = <S extends z.ZodType>(c: Context<AppEnv>, schema: S): z.infer<S> =>
  parseQuery(schema, new URL(c.req.url));

/** The management API (LiteLLM's paths and field names). */
export function adminRoutes(app: Hono<AppEnv>): void {
  // keys
  app.post(
    "/key/generate",
    admin(async (ctx, c) => createKey(ctx, await body(c, S.GenerateKeyRequest))),
  );
  app.post(
    "/key/update",
    admin(async (ctx, c) => updateKey(ctx, await body(c, S.UpdateKeyRequest))),
  );
  app.post(
    "/key/delete",
    admin(async (ctx, c) => deleteKeys(ctx, await body(c, S.DeleteKeyRequest))),
  );
  app.post(
    "/key/regenerate",
    admin(async (ctx, c) => regenerateKey(ctx, (await body(c, S.KeyRef)).key)),
  );
  app.post(
    "/key/block",
    admin(async (ctx, c) => setKeyBlocked(ctx, (await body(c, S.KeyRef)).key, true)),
  );
  app.post(
    "/key/unblock",
    admin(async (ctx, c) => setKeyBlocked(ctx, (await body(c, S.KeyRef)).key, false)),
  );
  app.get(
    "/key/info",
    admin(async (ctx, c) => keyInfo(ctx, query(c, S.KeyInfoQuery).key)),
  );
  app.get(
    "/key/list",
    admin(async (ctx, c) => listKeys(ctx, query(c, S.KeyListQuery))),
  );
  // teams
  app.post(
    "/team/new",
    admin(async (ctx, c) => createTeam(ctx, await body(c, S.NewTeamRequest))),
  );
  app.post(
    "/team/update",
    admin(async (ctx, c) => updateTeam(ctx, await body(c, S.UpdateTeamRequest))),
  );
  app.post(
    "/team/delete",
    admin(async (ctx, c) => deleteTeams(ctx, (await body(c, S.TeamIds)).team_ids)),
  );
  app.post(
    "/team/block",
    admin(async (ctx, c) => setTeamBlocked(ctx, (await body(c, S.TeamRef)).team_id, true)),
  );
  app.post(
    "/team/unblock",
    admin(async (ctx, c) => setTeamBlocked(ctx, (await body(c, S.TeamRef)).team_id, false)),
  );
  app.post(
    "/team/member_add",
    admin(async (ctx, c) => addMembers(ctx, await body(c, S.MemberAddRequest))),
  );
  app.post(
    "/team/member_delete",
    admin(async (ctx, c) => {
      const b = await body(c, S.MemberDeleteRequest);
      return removeMember(ctx, b.team_id, b.user_id);
    }),
  );
  app.get(
    "/team/info",
    admin(async (ctx, c) => teamInfo(ctx, query(c, S.TeamInfoQuery).team_id)),
  );
  app.get(
    "/team/list",
    admin(async (ctx, c) => listTeams(ctx, query(c, S.TeamListQuery))),
  );
  // internal users
  app.post(
    "/user/new",
    admin(async (ctx, c) => createUser(ctx, await body(c, S.NewUserRequest))),
  );
  app.post(
    "/user/update",
    admin(async (ctx, c) => updateUser(ctx, await body(c, S.UpdateUserRequest))),
  );
  app.post(
    "/user/delete",
    admin(async (ctx, c) => deleteUsers(ctx, (await body(c, S.UserIds)).user_ids)),
  );
  app.get(
    "/user/info",
    admin(async (ctx, c) => userInfo(ctx, query(c, S.UserInfoQuery).user_id)),
  );
  app.get(
    "/user/list",
    admin(async (ctx, c) => listUsers(ctx, query(c, S.UserListQuery))),
  );
  // end users
  app.post(
    "/customer/new",
    admin(async (ctx, c) => createCustomer(ctx, await body(c, S.NewCustomerRequest))),
  );
  app.post(
    "/customer/update",
    admin(async (ctx, c) => updateCustomer(ctx, await body(c, S.UpdateCustomerRequest))),
  );
  app.post(
    "/customer/delete",
    admin(async (ctx, c) => deleteCustomers(ctx, (await body(c, S.UserIds)).user_ids)),
  );
  app.post(
    "/customer/block",
    admin(async (ctx, c) => setCustomersBlocked(ctx, (await body(c, S.UserIds)).user_ids, true)),
  );
  app.post(
    "/customer/unblock",
    admin(async (ctx, c) => setCustomersBlocked(ctx, (await body(c, S.UserIds)).user_ids, false)),
  );
  app.get(
    "/customer/info",
    admin(async (ctx, c) => customerInfo(ctx, query(c, S.CustomerInfoQuery).end_user_id)),
  );
  app.get(
    "/customer/list",
    admin(async (ctx) => listCustomers(ctx)),
  );
  // spend
  app.get(
    "/spend/logs",
    admin(async (ctx, c) => spendLogs(ctx, query(c, S.SpendQuery))),
  );
  app.get(
    "/global/spend/logs",
    admin(async (ctx, c) => globalSpendLogs(ctx, query(c, S.SpendQuery))),
  );
  app.get(
    "/global/spend",
    admin(async (ctx, c) => globalSpend(ctx, query(c, S.SpendQuery))),
  );
  app.get(
    "/global/spend/report",
    admin(async (ctx, c) => spendReport(ctx, query(c, S.SpendReportQuery))),
  );
  app.get(
    "/spend/outbox",
    admin(async (_ctx, c) => (await c.var.deps.state.spend.backlog?.()) ?? { pending: 0, dead: 0, failing_shards: 0 }),
  );
}
