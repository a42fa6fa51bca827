import type { SpendFilter, SpendGroupBy } from "../../admin/store.js";

/**
 * Spend reports from the daily aggregates (spend_daily, migrations/0005_spend_daily.sql) where they
 * answer exactly: whole UTC days, no model or request filter, and at most one of team, user and
 * end-user filters, on the dimension the report groups by (or, ungrouped, the filter's own
 * dimension). Every other report reads the raw rows. An aggregate row is one day, dimension value,
 * model group and key hash with its request count and sums, so a grouped report reads exactly the
 * rows the raw GROUP BY would have produced; '' in the aggregates stands for NULL in the raw rows.
 */

const DAY_MS = 86_400_000;

/** The aggregate dimension of each report grouping (constants). */
const DIM_OF: Record<SpendGroupBy, string> = {
  api_key: "key",
  team: "team",
  user: "user",
  model: "model",
  customer: "end_user",
  tag: "tag",
};

export interface DailyQuery {
  sql: string;
  binds: unknown[];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const wholeDay = (ms: number | undefined) => ms === undefined || ms % DAY_MS === 0;

/** The dimension (and value) that answers the filter exactly; undefined = read the raw rows. */
function scopeOf(f: SpendFilter, by?: SpendGroupBy): { dim: string; grp?: string } | undefined {
  if (f.requestId !== undefined || f.model !== undefined || !wholeDay(f.start) || !wholeDay(f.end)) return undefined;
  const filters: Array<[string, string]> = [];
  if (f.teamId !== undefined) filters.push(["team", f.teamId]);
  if (f.userId !== undefined) filters.push(["user", f.userId]);
  if (f.endUser !== undefined) filters.push(["end_user", f.endUser]);
  if (filters.length > 1) return undefined;
  const only = filters[0];
  if (!by) return only ? { dim: only[0], grp: only[1] } : { dim: "model" }; // each record is in 'model' once
  const dim = DIM_OF[by];
  if (!only) return { dim };
  return only[0] === dim ? { dim, grp: only[1] } : undefined;
}

function whereOf(f: SpendFilter, scope: { dim: string; grp?: string }): DailyQuery {
  const conds = ["d.dim = ?"];
  const binds: unknown[] = [scope.dim];
  const eq = (col: string, v: unknown) => {
    conds.push(`${col} = ?`);
    binds.push(v);
  };
  if (scope.grp !== undefined) eq("d.grp", scope.grp);
  if (f.keyHash !== undefined) eq("d.key_hash", f.keyHash);
  if (f.start !== undefined) {
    conds.push("d.day >= ?");
    binds.push(day(f.start));
  }
  if (f.end !== undefined) {
    conds.push("d.day < ?");
    binds.push(day(f.end));
  }
  return { sql: ` WHERE ${conds.join(" AND ")}`, binds };
}

const SUMS =
  "COALESCE(SUM(d.cost_micros), 0) AS cost, COALESCE(SUM(d.requests), 0) AS requests, " +
  "COALESCE(SUM(d.prompt_tokens), 0) AS prompt, COALESCE(SUM(d.completion_tokens), 0) AS completion";

/** Totals over the filter (as `SELECT SUMS FROM spend_logs WHERE ...`), or undefined. */
export function dailyTotalsQuery(f: SpendFilter): DailyQuery | undefined {
  const scope = scopeOf(f);
  if (!scope) return undefined;
  const w = whereOf(f, scope);
  return { sql: `SELECT ${SUMS} FROM spend_daily d${w.sql}`, binds: w.binds };
}

/** Totals per day, or undefined. */
export function dailyByDayQuery(f: SpendFilter): DailyQuery | undefined {
  const scope = scopeOf(f);
  if (!scope) return undefined;
  const w = whereOf(f, scope);
  return {
    sql: `SELECT d.day AS day, ${SUMS} FROM spend_daily d${w.sql} GROUP BY d.day ORDER BY d.day`,
    binds: w.binds,
  };
}

/** Per day, group, model group and key (the grouped report's rows), or undefined. */
export function dailyGroupedQuery(f: SpendFilter, by: SpendGroupBy): DailyQuery | undefined {
  const scope = scopeOf(f, by);
  if (!scope) return undefined;
  const w = whereOf(f, scope);
  const label = by === "team" ? "tm.team_alias" : "NULL";
  const join = by === "team" ? " LEFT JOIN teams tm ON tm.team_id = d.grp" : "";
  return {
    sql:
      `SELECT d.day AS day, NULLIF(d.grp, '') AS grp, ${label} AS label, NULLIF(d.model_group, '') AS model, ` +
      `NULLIF(d.key_hash, '') AS key_hash, d.cost_micros AS cost, d.requests AS requests, d.prompt_tokens AS prompt, ` +
      `d.completion_tokens AS completion FROM spend_daily d${join}${w.sql} ` +
      "ORDER BY d.day, d.grp, d.model_group, d.key_hash",
    binds: w.binds,
  };
}
