import * as B from "./budget-schemas.js";
import { budgetInfo, budgetView, createBudget, deleteBudget, listBudgets, updateBudget } from "./budgets.js";
import { notFound } from "./context.js";
import { body, query, type RouteDef } from "./route-table.js";

/** Shared budgets: proxy admins write them; admins and viewers read them. */
export const BUDGET_ROUTES: RouteDef[] = [
  {
    method: "POST",
    path: "/budget/new",
    rule: "proxy_admin",
    run: async (ctx, c) => createBudget(ctx, await body(c, B.NewBudgetRequest)),
  },
  {
    method: "POST",
    path: "/budget/update",
    rule: "proxy_admin",
    run: async (ctx, c) => updateBudget(ctx, await body(c, B.UpdateBudgetRequest)),
  },
  {
    method: "POST",
    path: "/budget/delete",
    rule: "proxy_admin",
    run: async (ctx, c) => deleteBudget(ctx, (await body(c, B.BudgetDeleteRequest)).id),
  },
  {
    method: "POST",
    path: "/budget/info",
    rule: "admin_viewer",
    run: async (ctx, c) => budgetInfo(ctx, (await body(c, B.BudgetInfoRequest)).budgets),
  },
  {
    method: "GET",
    path: "/budget/settings",
    rule: "admin_viewer",
    run: async (ctx, c) => {
      const id = query(c, B.BudgetSettingsQuery).budget_id;
      return budgetView((await ctx.store.budgets.get(id)) ?? notFound("budget", id, "budget_id"));
    },
  },
  {
    method: "GET",
    path: "/budget/list",
    rule: "admin_viewer",
    run: async (ctx) => listBudgets(ctx),
  },
];
