import { checkUserUpdate, userToRead } from "./access.js";
import {
  createCustomer,
  customerInfo,
  deleteCustomers,
  listCustomers,
  setCustomersBlocked,
  updateCustomer,
} from "./customers.js";
import { body, query, type RouteDef } from "./route-table.js";
import * as S from "./schemas.js";
import { createUser, deleteUsers, listUsers, updateUser, userInfo } from "./users.js";

/** Internal users: proxy admins manage them; a user reads and annotates their own. */
export const USER_ROUTES: RouteDef[] = [
  {
    method: "POST",
    path: "/user/new",
    rule: "proxy_admin",
    run: async (ctx, c) => createUser(ctx, await body(c, S.NewUserRequest)),
  },
  {
    method: "POST",
    path: "/user/update",
    rule: "self_service",
    run: async (ctx, c) => {
      const b = await body(c, S.UpdateUserRequest);
      checkUserUpdate(ctx.actor, b);
      return updateUser(ctx, b);
    },
  },
  {
    method: "POST",
    path: "/user/delete",
    rule: "proxy_admin",
    run: async (ctx, c) => deleteUsers(ctx, (await body(c, S.UserIds)).user_ids),
  },
  {
    method: "GET",
    path: "/user/info",
    rule: "self_service",
    run: async (ctx, c) => userInfo(ctx, userToRead(ctx.actor, query(c, S.UserInfoQuery).user_id)),
  },
  {
    method: "GET",
    path: "/user/list",
    rule: "admin_viewer",
    run: async (ctx, c) => listUsers(ctx, query(c, S.UserListQuery)),
  },
];

/** End users, under LiteLLM's current name (/end_user/*) and its older one (/customer/*). */
export const CUSTOMER_ROUTES: RouteDef[] = ["/customer", "/end_user"].flatMap((base): RouteDef[] => [
  {
    method: "POST",
    path: `${base}/new`,
    rule: "proxy_admin",
    run: async (ctx, c) => createCustomer(ctx, await body(c, S.NewCustomerRequest)),
  },
  {
    method: "POST",
    path: `${base}/update`,
    rule: "proxy_admin",
    run: async (ctx, c) => updateCustomer(ctx, await body(c, S.UpdateCustomerRequest)),
  },
  {
    method: "POST",
    path: `${base}/delete`,
    rule: "proxy_admin",
    run: async (ctx, c) => deleteCustomers(ctx, (await body(c, S.UserIds)).user_ids),
  },
  {
    method: "POST",
    path: `${base}/block`,
    rule: "proxy_admin",
    run: async (ctx, c) => setCustomersBlocked(ctx, (await body(c, S.UserIds)).user_ids, true),
  },
  {
    method: "POST",
    path: `${base}/unblock`,
    rule: "proxy_admin",
    run: async (ctx, c) => setCustomersBlocked(ctx, (await body(c, S.UserIds)).user_ids, false),
  },
  {
    method: "GET",
    path: `${base}/info`,
    rule: "admin_viewer",
    run: async (ctx, c) => customerInfo(ctx, query(c, S.CustomerInfoQuery).end_user_id),
  },
  {
    method: "GET",
    path: `${base}/list`,
    rule: "admin_viewer",
    run: async (ctx) => listCustomers(ctx),
  },
]);
