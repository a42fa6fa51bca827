import type { CacheStatsFilter, CacheStatsQueries, CacheTotals } from "../../cache/cache-stats.js";

interface DayRow {
  day: string;
  hits: number | null;
  misses: number | null;
  saved: number | null;
}

/**
 * Cache figures from spend_logs (migrations/0007_cache_hits.sql): one grouped query per report,
 * over the partial index on (created_at, cache_hit). Filter columns are constants; values are bound.
 */
export function d1CacheStats(db: D1Database): CacheStatsQueries {
  return {
    async totals(f: CacheStatsFilter) {
      const conds = ["cache_hit IS NOT NULL"];
      const binds: unknown[] = [];
      const add = (sql: string, v: unknown) => {
        if (v === undefined) return;
        conds.push(sql);
        binds.push(v);
      };
      add("created_at >= ?", f.start);
      add("created_at < ?", f.end);
      add("key_hash = ?", f.keyHash);
      add("team_id = ?", f.teamId);
      add("model_group = ?", f.modelGroup);
      const res = await db
        .prepare(
          "SELECT strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') AS day, " +
            "SUM(cache_hit = 1) AS hits, SUM(cache_hit = 0) AS misses, COALESCE(SUM(saved_cost_micros), 0) AS saved " +
            `FROM spend_logs WHERE ${conds.join(" AND ")} GROUP BY day ORDER BY day`,
        )
        .bind(...binds)
        .all<DayRow>();
      const daily = res.results.map((r) => ({
        day: r.day,
        hits: Number(r.hits ?? 0),
        misses: Number(r.misses ?? 0),
        savedCostMicros: Number(r.saved ?? 0),
      }));
      const all = daily.reduce<CacheTotals>(
        (t, d) => ({
          hits: t.hits + d.hits,
          misses: t.misses + d.misses,
          savedCostMicros: t.savedCostMicros + d.savedCostMicros,
        }),
        { hits: 0, misses: 0, savedCostMicros: 0 },
      );
      return { ...all, daily };
    },
  };
}
