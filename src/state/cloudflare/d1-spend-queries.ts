import type { SpendFilter, SpendGroupBy, SpendGroupRow, SpendQueries, SpendTotals } from "../../admin/store.js";
import { spendRecordOf } from "./spend-log-row.js";
import { dailyByDayQuery, dailyGroupedQuery, dailyTotalsQuery } from "./spend-daily-queries.js";

/** Spend reports over spend_logs (or its daily aggregates where they are exact: spend-daily-queries.ts). Filter columns are constants; every value is bound. */
export function whereOf(f: SpendFilter, alias = ""): { sql: string; binds: unknown[] } {
  const p = alias ? `${alias}.` : "";
  const conds: string[] = [];
  const binds: unknown[] = [];
  const eq = (col: string, v: unknown) => {
    if (v === undefined) return;
    conds.push(`${p}${col} = ?`);
    binds.push(v);
  };
  if (f.start !== undefined) {
    conds.push(`${p}created_at >= ?`);
    binds.push(f.start);
  }
  if (f.end !== undefined) {
    conds.push(`${p}created_at < ?`);
    binds.push(f.end);
  }
  eq("key_hash", f.keyHash);
  eq("user_id", f.userId);
  eq("team_id", f.teamId);
  eq("end_user", f.endUser);
  eq("request_id", f.requestId);
  if (f.model !== undefined) {
    conds.push(`(${p}model_group = ? OR ${p}model = ?)`);
    binds.push(f.model, f.model);
  }
  return { sql: conds.length ? ` WHERE ${conds.join(" AND ")}` : "", binds };
}

const DAY = "strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')";
const SUMS =
  "COALESCE(SUM(cost_micros), 0) AS cost, COUNT(*) AS requests, COALESCE(SUM(prompt_tokens), 0) AS prompt, COALESCE(SUM(completion_tokens), 0) AS completion";

interface SumRow {
  cost: number;
  requests: number;
  prompt: number;
  completion: number;
}
const totalsOf = (r: SumRow | undefined | null): SpendTotals => ({
  costMicros: Number(r?.cost ?? 0),
  requests: Number(r?.requests ?? 0),
  promptTokens: Number(r?.prompt ?? 0),
  completionTokens: Number(r?.completion ?? 0),
});

/** The group column of each report (constants). */
const GROUP_COLUMN: Record<Exclude<SpendGroupBy, "tag">, string> = {
  api_key: "s.key_hash",
  team: "s.team_id",
  user: "s.user_id",
  model: "s.model_group",
  customer: "s.end_user",
};

export function d1SpendQueries(db: D1Database): SpendQueries {
  return {
    async logs(f, limit) {
      const w = whereOf(f);
      const res = await db
        .prepare(`SELECT * FROM spend_logs${w.sql} ORDER BY created_at DESC, request_id LIMIT ?`)
        .bind(...w.binds, limit)
        .all();
      return (res.results as Array<Record<string, unknown>>).map(spendRecordOf);
    },
    async totals(f) {
      const agg = dailyTotalsQuery(f);
      if (agg)
        return totalsOf(
          await db
            .prepare(agg.sql)
            .bind(...agg.binds)
            .first<SumRow>(),
        );
      const w = whereOf(f);
      return totalsOf(
        await db
          .prepare(`SELECT ${SUMS} FROM spend_logs${w.sql}`)
          .bind(...w.binds)
          .first<SumRow>(),
      );
    },
    async daily(f) {
      const w = whereOf(f);
      const agg = dailyByDayQuery(f) ?? {
        sql: `SELECT ${DAY} AS day, ${SUMS} FROM spend_logs${w.sql} GROUP BY day ORDER BY day`,
        binds: w.binds,
      };
      const res = await db
        .prepare(agg.sql)
        .bind(...agg.binds)
        .all<SumRow & { day: string }>();
      return res.results.map((r) => ({ day: r.day, ...totalsOf(r) }));
    },
    async grouped(f, by) {
      const w = whereOf(f, "s");
      const sums = SUMS.replace(/\b(cost_micros|prompt_tokens|completion_tokens)\b/g, "s.$1");
      const day = DAY.replace("created_at", "s.created_at");
      const sql =
        by === "tag"
          ? `SELECT ${day} AS day, t.value AS grp, NULL AS label, s.model_group AS model, s.key_hash AS key_hash, ${sums}
           FROM spend_logs s, json_each(s.tags) t${w.sql} GROUP BY day, grp, model, key_hash ORDER BY day, grp`
          : by === "team"
            ? `SELECT ${day} AS day, s.team_id AS grp, tm.team_alias AS label, s.model_group AS model, s.key_hash AS key_hash, ${sums}
             FROM spend_logs s LEFT JOIN teams tm ON tm.team_id = s.team_id${w.sql} GROUP BY day, grp, model, key_hash ORDER BY day, grp`
            : `SELECT ${day} AS day, ${GROUP_COLUMN[by]} AS grp, NULL AS label, s.model_group AS model, s.key_hash AS key_hash, ${sums}
             FROM spend_logs s${w.sql} GROUP BY day, grp, model, key_hash ORDER BY day, grp`;
      const agg = dailyGroupedQuery(f, by) ?? { sql, binds: w.binds };
      const res = await db
        .prepare(agg.sql)
        .bind(...agg.binds)
        .all<
          SumRow & {
            day: string;
            grp: string | null;
            label: string | null;
            model: string | null;
            key_hash: string | null;
          }
        >();
      return res.results.map(
        (r): SpendGroupRow => ({
          day: r.day,
          group: r.grp,
          label: r.label,
          model: r.model,
          keyHash: r.key_hash,
          ...totalsOf(r),
        }),
      );
    },
  };
}
