import type { AuditEntry } from "./audit-record.js";
import { spendScope } from "./key-access.js";
import { AuditQuery } from "./audit-schemas.js";
import * as M from "./model-schemas.js";
import { body, query, type RouteDef } from "./route-table.js";
import { createModel, deleteModel, updateModel, updateTarget } from "./runtime-models.js";
import * as S from "./schemas.js";
import { globalSpend, globalSpendLogs, spendLogs, spendReport } from "./spend.js";

const DAY_MS = 86_400_000;
const dateMs = (s: string, end: boolean) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) + (end ? DAY_MS : 0) : Date.parse(s);

/** Models managed at runtime: proxy admins only (config.yaml's stay read-only). */
export const MODEL_ROUTES: RouteDef[] = [
  {
    method: "POST",
    path: "/model/new",
    rule: "proxy_admin",
    run: async (ctx, c) => createModel(ctx, await body(c, M.NewModelRequest)),
  },
  {
    method: "POST",
    path: "/model/update",
    rule: "proxy_admin",
    run: async (ctx, c) => {
      const b = await body(c, M.UpdateModelRequest);
      return updateModel(ctx, updateTarget(undefined, b), b);
    },
  },
  {
    method: "POST",
    path: "/model/:model_id/update",
    rule: "proxy_admin",
    run: async (ctx, c) => {
      const b = await body(c, M.UpdateModelRequest);
      return updateModel(ctx, updateTarget(c.req.param("model_id"), b), b);
    },
  },
  {
    method: "POST",
    path: "/model/delete",
    rule: "proxy_admin",
    run: async (ctx, c) => deleteModel(ctx, (await body(c, M.DeleteModelRequest)).id),
  },
];

/** Spend: one's own through /spend/logs; everything else for admins and viewers. */
export const SPEND_ROUTES: RouteDef[] = [
  {
    method: "GET",
    path: "/spend/logs",
    rule: "self_service",
    run: async (ctx, c) => spendLogs(ctx, await spendScope(ctx, query(c, S.SpendQuery))),
  },
  {
    method: "GET",
    path: "/global/spend/logs",
    rule: "admin_viewer",
    run: async (ctx, c) => globalSpendLogs(ctx, query(c, S.SpendQuery)),
  },
  {
    method: "GET",
    path: "/global/spend",
    rule: "admin_viewer",
    run: async (ctx, c) => globalSpend(ctx, query(c, S.SpendQuery)),
  },
  {
    method: "GET",
    path: "/global/spend/report",
    rule: "admin_viewer",
    run: async (ctx, c) => spendReport(ctx, query(c, S.SpendReportQuery)),
  },
  {
    method: "GET",
    path: "/spend/outbox",
    rule: "admin_viewer",
    run: async (_ctx, c) => (await c.var.deps.state.spend.backlog?.()) ?? { pending: 0, dead: 0, failing_shards: 0 },
  },
];

const auditView = (e: AuditEntry) => ({ ...e, created_at: new Date(e.created_at).toISOString() });

/** The audit log: admins and viewers. */
export const AUDIT_ROUTES: RouteDef[] = ["/audit/logs", "/audit"].map(
  (path): RouteDef => ({
    method: "GET",
    path,
    rule: "admin_viewer",
    run: async (ctx, c) => {
      const q = query(c, AuditQuery);
      const { rows, total } = await ctx.store.audit.list(
        {
          start: q.start_date ? dateMs(q.start_date, false) : undefined,
          end: q.end_date ? dateMs(q.end_date, true) : undefined,
          actor: q.changed_by,
          action: q.action,
          objectType: q.object_type ?? q.table_name,
          objectId: q.object_id,
        },
        { offset: (q.page - 1) * q.page_size, limit: q.page_size },
      );
      return {
        audit_logs: rows.map(auditView),
        total,
        page: q.page,
        page_size: q.page_size,
        total_pages: Math.ceil(total / q.page_size),
      };
    },
  }),
);
