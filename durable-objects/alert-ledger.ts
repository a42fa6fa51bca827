import { DurableObject } from "cloudflare:workers";

/** A provider failure counts toward an outage for this long. */
const OUTAGE_WINDOW_MS = 60_000;

/**
 * Alert deduplication for the whole gateway: each alert condition (a key crossing 80% of its
 * budget, a deployment cooling down, ...) is let through once per window, whichever isolate sees it
 * first. Also counts the distinct deployments of a provider that failed in the last minute
 * (outage_alerts). Expired rows are swept by an alarm.
 */
export class AlertLedgerObject extends DurableObject<Record<string, unknown>> {
  constructor(ctx: DurableObjectState, env: Record<string, unknown>) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS claims (condition TEXT PRIMARY KEY, until INTEGER NOT NULL)");
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS failures (provider TEXT NOT NULL, deployment TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (provider, deployment))",
    );
  }

  /** True when `condition` has not been claimed within its window (and claims it for `windowMs`). */
  async claim(condition: string, windowMs: number): Promise<boolean> {
    const now = Date.now();
    const row = this.ctx.storage.sql.exec("SELECT until FROM claims WHERE condition = ?", condition).toArray()[0];
    if (row && Number(row.until) > now) return false;
    this.ctx.storage.sql.exec(
      "INSERT INTO claims (condition, until) VALUES (?, ?) ON CONFLICT(condition) DO UPDATE SET until = excluded.until",
      condition,
      now + windowMs,
    );
    await this.sweepLater();
    return true;
  }

  /** Note a failed deployment; returns how many distinct deployments of the provider failed in the last minute. */
  async noteFailure(provider: string, deploymentId: string): Promise<number> {
    const now = Date.now();
    this.ctx.storage.sql.exec(
      "INSERT INTO failures (provider, deployment, at) VALUES (?, ?, ?) ON CONFLICT(provider, deployment) DO UPDATE SET at = excluded.at",
      provider,
      deploymentId,
      now,
    );
    await this.sweepLater();
    return Number(
      this.ctx.storage.sql
        .exec("SELECT COUNT(*) AS n FROM failures WHERE provider = ? AND at > ?", provider, now - OUTAGE_WINDOW_MS)
        .one().n,
    );
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.ctx.storage.sql.exec("DELETE FROM claims WHERE until <= ?", now);
    this.ctx.storage.sql.exec("DELETE FROM failures WHERE at <= ?", now - OUTAGE_WINDOW_MS);
  }

  private async sweepLater(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + 3_600_000);
  }
}
