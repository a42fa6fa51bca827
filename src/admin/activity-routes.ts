import { activity, activityPort, deploymentActivity, spendLogsPage } from "./activity.js";
import { ActivityQuery, RangeQuery, SpendLogsPageQuery } from "./activity-schemas.js";
import { query, type RouteDef } from "./route-table.js";

/**
 * The dashboard's reports, as management routes with the same role rules: activity and spend
 * logs narrowed to the caller's own key, user or team unless they may see everything; the
 * deployments' figures for admins and viewers.
 */
export const ACTIVITY_ROUTES: RouteDef[] = [
  {
    method: "GET",
    path: "/spend/activity",
    rule: "self_service",
    run: async (ctx, c) => activity(ctx, activityPort(c.var.deps.state.activity), query(c, ActivityQuery)),
  },
  {
    method: "GET",
    path: "/spend/deployments",
    rule: "admin_viewer",
    run: async (ctx, c) => deploymentActivity(ctx, activityPort(c.var.deps.state.activity), query(c, RangeQuery)),
  },
  {
    method: "GET",
    path: "/spend/logs/ui",
    rule: "self_service",
    run: async (ctx, c) => spendLogsPage(ctx, activityPort(c.var.deps.state.activity), query(c, SpendLogsPageQuery)),
  },
];
