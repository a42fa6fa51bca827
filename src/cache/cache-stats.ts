import type { SpendRecord } from "../state/spend-record.js";

/** Cache figures over some requests: from the spend records' cache_hit and saved_cost_micros. */
export interface CacheTotals {
  hits: number;
  misses: number;
  savedCostMicros: number;
}

export interface CacheStatsFilter {
  /** epoch ms, inclusive */
  start?: number;
  /** epoch ms, exclusive */
  end?: number;
  keyHash?: string;
  teamId?: string;
  modelGroup?: string;
}

/**
 * Reads hits, misses and saved cost. They are not counters of their own: every request already
 * leaves exactly one durable spend record, and the cache's part is two columns on it, so the
 * figures are aggregates of the records (exact, per day, key, team or model group, nothing to drift).
 */
export interface CacheStatsQueries {
  totals(f: CacheStatsFilter): Promise<CacheTotals & { daily: Array<CacheTotals & { day: string }> }>;
}

/** The same aggregate over records in memory (library mode, tests). */
export function cacheTotalsOf(
  records: readonly SpendRecord[],
  f: CacheStatsFilter,
): CacheTotals & { daily: Array<CacheTotals & { day: string }> } {
  const days = new Map<string, CacheTotals>();
  const all: CacheTotals = { hits: 0, misses: 0, savedCostMicros: 0 };
  for (const r of records) {
    if (r.cache_hit == null) continue;
    if (f.start !== undefined && r.created_at < f.start) continue;
    if (f.end !== undefined && r.created_at >= f.end) continue;
    if (f.keyHash !== undefined && r.key_hash !== f.keyHash) continue;
    if (f.teamId !== undefined && r.team_id !== f.teamId) continue;
    if (f.modelGroup !== undefined && r.model_group !== f.modelGroup) continue;
    const day = new Date(r.created_at).toISOString().slice(0, 10);
    let d = days.get(day);
    if (!d) {
      d = { hits: 0, misses: 0, savedCostMicros: 0 };
      days.set(day, d);
    }
    for (const t of [d, all]) {
      if (r.cache_hit) t.hits++;
      else t.misses++;
      t.savedCostMicros += r.saved_cost_micros ?? 0;
    }
  }
  const daily = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, t]) => ({ day, ...t }));
  return { ...all, daily };
}
