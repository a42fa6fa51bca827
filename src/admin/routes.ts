import type { Hono } from "hono";
import type { AppEnv } from "../http/app-env.js";
import { ACTIVITY_ROUTES } from "./activity-routes.js";
import { BUDGET_ROUTES } from "./budget-routes.js";
import { KEY_ROUTES } from "./key-routes.js";
import { ORGANIZATION_ROUTES } from "./organization-routes.js";
import { AUDIT_ROUTES, MODEL_ROUTES, SPEND_ROUTES } from "./other-routes.js";
import { handler, type RouteDef } from "./route-table.js";
import { TEAM_ROUTES } from "./team-routes.js";
import { CUSTOMER_ROUTES, USER_ROUTES } from "./user-routes.js";

/**
 * The management API (LiteLLM's paths and field names): every route with the role rule that
 * decides who may call it (src/admin/route-table.ts). Writes are recorded in the audit log.
 */
export const MANAGEMENT_ROUTES: readonly RouteDef[] = [
  ...KEY_ROUTES,
  ...TEAM_ROUTES,
  ...USER_ROUTES,
  ...CUSTOMER_ROUTES,
  ...ORGANIZATION_ROUTES,
  ...BUDGET_ROUTES,
  ...MODEL_ROUTES,
  ...SPEND_ROUTES,
  ...AUDIT_ROUTES,
  ...ACTIVITY_ROUTES,
];

export function adminRoutes(app: Hono<AppEnv>): void {
  for (const def of MANAGEMENT_ROUTES) app.on(def.method, def.path, handler(def));
}
