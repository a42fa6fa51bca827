import { DurableObject } from "cloudflare:workers";
import {
  copyDelta,
  MetricBatch,
  mergeDelta,
  type SeriesDelta,
  seriesKey,
} from "../src/observability/metrics/metric-batch.js";

/**
 * The gateway's metrics: isolates add their batched changes, GET /metrics reads the sums. One
 * row per series in SQLite (the sums survive restarts and deploys), mirrored in memory so a
 * scrape reads no storage and costs the same whatever the traffic.
 */
export class MetricsObject extends DurableObject<Record<string, unknown>> {
  private series = new Map<string, SeriesDelta>();

  constructor(ctx: DurableObjectState, env: Record<string, unknown>) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS series (key TEXT PRIMARY KEY, delta TEXT NOT NULL)");
    for (const row of ctx.storage.sql.exec("SELECT key, delta FROM series").toArray())
      this.series.set(String(row.key), JSON.parse(String(row.delta)) as SeriesDelta);
  }

  /** Add one isolate's batch (a JSON array of series changes). */
  add(batchJson: string): number {
    const batch = MetricBatch.parse(JSON.parse(batchJson));
    for (const d of batch) {
      const key = seriesKey(d.name, d.labels);
      const cur = this.series.get(key);
      const next = cur ?? copyDelta(d);
      if (cur) mergeDelta(cur, d);
      this.series.set(key, next);
      this.ctx.storage.sql.exec(
        "INSERT INTO series (key, delta) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET delta = excluded.delta",
        key,
        JSON.stringify(next),
      );
    }
    return this.series.size;
  }

  /** Every series' sum. */
  snapshot(): SeriesDelta[] {
    return [...this.series.values()];
  }
}
