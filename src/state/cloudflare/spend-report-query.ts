import type { SpendReportData, SpendReportLine } from "../../observability/alerts/spend-report.js";

const TOP = 10;

interface Row {
  grp: string;
  name: string | null;
  cost: number;
  requests: number;
}

const lineOf = (r: Row): SpendReportLine => ({
  id: r.grp,
  name: r.name,
  costMicros: Number(r.cost),
  requests: Number(r.requests),
});

/** A spend report's figures from the daily aggregates (days from `from` up to, not including, `endExclusive`). */
export async function spendReportData(
  db: D1Database,
  w: { from: string; to: string; endExclusive: string },
): Promise<SpendReportData> {
  const total = await db
    .prepare(
      "SELECT COALESCE(SUM(cost_micros), 0) AS cost, COALESCE(SUM(requests), 0) AS requests FROM spend_daily WHERE dim = 'model' AND day >= ? AND day < ?",
    )
    .bind(w.from, w.endExclusive)
    .first<{ cost: number; requests: number }>();
  const [teams, keys] = await Promise.all([
    db
      .prepare(
        `SELECT a.grp AS grp, t.team_alias AS name, SUM(a.cost_micros) AS cost, SUM(a.requests) AS requests
         FROM spend_daily a LEFT JOIN teams t ON t.team_id = a.grp
         WHERE a.dim = 'team' AND a.grp != '' AND a.day >= ? AND a.day < ? GROUP BY a.grp ORDER BY cost DESC LIMIT ?`,
      )
      .bind(w.from, w.endExclusive, TOP)
      .all<Row>(),
    db
      .prepare(
        `SELECT a.grp AS grp, k.key_alias AS name, SUM(a.cost_micros) AS cost, SUM(a.requests) AS requests
         FROM spend_daily a LEFT JOIN keys k ON k.token = a.grp
         WHERE a.dim = 'key' AND a.grp != '' AND a.day >= ? AND a.day < ? GROUP BY a.grp ORDER BY cost DESC LIMIT ?`,
      )
      .bind(w.from, w.endExclusive, TOP)
      .all<Row>(),
  ]);
  return {
    from: w.from,
    to: w.to,
    totalMicros: Number(total?.cost ?? 0),
    requests: Number(total?.requests ?? 0),
    teams: teams.results.map(lineOf),
    keys: keys.results.map(lineOf),
  };
}
