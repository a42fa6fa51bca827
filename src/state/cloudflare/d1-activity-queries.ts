import type {
  ActivityFilter,
  ActivityGroup,
  ActivityQueries,
  ActivitySums,
  BreakdownBy,
} from "../../admin/activity-queries.js";
import { whereOf } from "./d1-spend-queries.js";
import { spendRecordOf } from "./spend-log-row.js";

/** The dashboard's reports over spend_hourly, latency_hourly and spend_logs (migration 0009). Every value is bound. */

const SUMS =
  "SUM(requests) AS requests, SUM(errors) AS errors, SUM(cost_micros) AS cost, SUM(prompt_tokens) AS prompt, " +
  "SUM(completion_tokens) AS completion, SUM(latency_ms) AS latency";

interface SumRow {
  requests: number;
  errors: number;
  cost: number;
  prompt: number;
  completion: number;
  latency: number;
}

const sumsOf = (r: SumRow): ActivitySums => ({
  requests: Number(r.requests ?? 0),
  errors: Number(r.errors ?? 0),
  costMicros: Number(r.cost ?? 0),
  promptTokens: Number(r.prompt ?? 0),
  completionTokens: Number(r.completion ?? 0),
  latencyMs: Number(r.latency ?? 0),
});

/**
 * The rows of one dimension value in a time range, optionally one model group (constant SQL, bound values).
 * One key's, team's or user's hours are read through spend_hourly_grp: without statistics SQLite would
 * rather range-scan the primary key by hour, which reads every key's rows.
 */
const TABLE_FOR = (f: ActivityFilter) =>
  f.dim === "all" ? "spend_hourly" : "spend_hourly INDEXED BY spend_hourly_grp";

function rangeOf(f: ActivityFilter): { sql: string; binds: unknown[] } {
  const binds: unknown[] = [f.dim, f.grp, f.start, f.end];
  let sql = "dim = ? AND grp = ? AND hour >= ? AND hour < ?";
  if (f.model !== undefined) {
    sql += " AND model_group = ?";
    binds.push(f.model);
  }
  return { sql, binds };
}

/** How each breakdown names its groups: the label join (constants). */
const LABELS: Record<Exclude<BreakdownBy, "model">, string> = {
  key: "LEFT JOIN keys k ON k.token = a.grp",
  team: "LEFT JOIN teams k ON k.team_id = a.grp",
  user: "LEFT JOIN users k ON k.user_id = a.grp",
  deployment: "",
};
const LABEL_COLUMN: Record<Exclude<BreakdownBy, "model">, string> = {
  key: "k.key_alias",
  team: "k.team_alias",
  user: "k.user_email",
  deployment: "NULL",
};

const DAY = 86_400_000;

/**
 * The rows of every group of a dimension over a range: keys' whole UTC days from 'key_day' and the
 * hours of the partial days at either end from 'key' (a month of keys is then ~30 rows a key, not ~720);
 * other dimensions are few enough to read by the hour. Binds for the WHERE of `breakdown`.
 */
function rowsOf(by: Exclude<BreakdownBy, "model">, f: ActivityFilter): unknown[] {
  const firstDay = Math.ceil(f.start / DAY) * DAY;
  const lastDay = Math.floor(f.end / DAY) * DAY;
  if (by !== "key" || firstDay >= lastDay) return ["none", 0, 0, by, f.start, f.end, 0, 0];
  return ["key_day", firstDay, lastDay, "key", f.start, firstDay, lastDay, f.end];
}

export function d1ActivityQueries(db: D1Database): ActivityQueries {
  return {
    async hourly(f) {
      const r = rangeOf(f);
      const res = await db
        .prepare(`SELECT hour, ${SUMS} FROM ${TABLE_FOR(f)} WHERE ${r.sql} GROUP BY hour ORDER BY hour`)
        .bind(...r.binds)
        .all<SumRow & { hour: number }>();
      return res.results.map((row) => ({ hour: Number(row.hour), ...sumsOf(row) }));
    },

    async breakdown(f, by, limit) {
      if (by === "model") {
        const r = rangeOf(f);
        const res = await db
          .prepare(
            `SELECT model_group AS grp, ${SUMS} FROM ${TABLE_FOR(f)} WHERE ${r.sql} GROUP BY model_group ORDER BY cost DESC, requests DESC LIMIT ?`,
          )
          .bind(...r.binds, limit)
          .all<SumRow & { grp: string }>();
        return res.results.map((row): ActivityGroup => ({ group: row.grp, label: null, ...sumsOf(row) }));
      }
      // another dimension's groups exist only across everyone's activity
      if (f.dim !== "all") return [];
      const binds = rowsOf(by, f);
      let model = "";
      if (f.model !== undefined) {
        model = " AND model_group = ?";
        binds.push(f.model);
      }
      const res = await db
        .prepare(
          `SELECT a.*, ${LABEL_COLUMN[by]} AS label FROM (
             SELECT grp, MAX(model_group) AS mg, ${SUMS} FROM spend_hourly
             WHERE ((dim = ? AND hour >= ? AND hour < ?) OR (dim = ? AND ((hour >= ? AND hour < ?) OR (hour >= ? AND hour < ?))))${model}
             GROUP BY grp ORDER BY cost DESC, requests DESC LIMIT ?
           ) a ${LABELS[by]} ORDER BY a.cost DESC, a.requests DESC`,
        )
        .bind(...binds, limit)
        .all<SumRow & { grp: string; mg: string; label: string | null }>();
      return res.results.map(
        (row): ActivityGroup => ({
          group: row.grp,
          label: row.label,
          ...(by === "deployment" ? { modelGroup: row.mg } : {}),
          ...sumsOf(row),
        }),
      );
    },

    async latency(range) {
      const res = await db
        .prepare(
          "SELECT deployment_id, bucket, SUM(requests) AS requests FROM latency_hourly WHERE hour >= ? AND hour < ? GROUP BY deployment_id, bucket",
        )
        .bind(range.start, range.end)
        .all<{ deployment_id: string; bucket: number; requests: number }>();
      return res.results.map((r) => ({
        deploymentId: r.deployment_id,
        bucket: Number(r.bucket),
        requests: Number(r.requests),
      }));
    },

    async logsPage(f, page) {
      const w = whereOf(f);
      const status = f.status === "failure" ? "status >= 400" : f.status === "success" ? "status < 400" : "";
      const where = status ? (w.sql ? `${w.sql} AND ${status}` : ` WHERE ${status}`) : w.sql;
      const [rows, count] = await db.batch<Record<string, unknown>>([
        db
          .prepare(`SELECT * FROM spend_logs${where} ORDER BY created_at DESC, request_id LIMIT ? OFFSET ?`)
          .bind(...w.binds, page.limit, page.offset),
        db.prepare(`SELECT COUNT(*) AS n FROM spend_logs${where}`).bind(...w.binds),
      ]);
      return {
        rows: (rows?.results ?? []).map(spendRecordOf),
        total: Number(count?.results[0]?.n ?? 0),
      };
    },
  };
}
