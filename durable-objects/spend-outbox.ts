import { DurableObject } from "cloudflare:workers";
import { SpendRecord } from "../src/accounting/record.js";
import { writeSpendLogs } from "../src/state/cloudflare/spend-log-row.js";
import { flushDelayMs } from "../src/state/outbox-policy.js";

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL)",
  "CREATE TABLE IF NOT EXISTS dead (seq INTEGER PRIMARY KEY, record TEXT NOT NULL, error TEXT NOT NULL)",
];
const BATCH = 100;

interface Env {
  DB?: D1Database;
}

/**
 * A spend-log outbox shard: records are stored in SQLite when they arrive (durable before the
 * append returns) and an alarm writes them to D1 in batches. When D1 fails the alarm comes back
 * later (backoff up to a minute) and tries again, forever: a record leaves only once D1 has it.
 * A record D1 refuses on its own while the rest of its batch goes through is kept in `dead`.
 */
export class SpendOutboxObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    for (const s of SCHEMA) ctx.storage.sql.exec(s);
  }

  private get failures(): number {
    return (this.ctx.storage.kv.get("failures") as number | undefined) ?? 0;
  }

  private set failures(n: number) {
    this.ctx.storage.kv.put("failures", n);
  }

  async append(records: unknown[]): Promise<void> {
    for (const r of records) this.ctx.storage.sql.exec("INSERT INTO outbox (record) VALUES (?)", JSON.stringify(SpendRecord.parse(r)));
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + flushDelayMs(0));
  }

  backlog(): { pending: number; dead: number; failures: number } {
    const count = (table: string) => Number(this.ctx.storage.sql.exec(`SELECT COUNT(*) AS n FROM ${table}`).one().n);
    return { pending: count("outbox"), dead: count("dead"), failures: this.failures };
  }

  override async alarm(): Promise<void> {
    const rows = this.ctx.storage.sql.exec("SELECT seq, record FROM outbox ORDER BY seq LIMIT ?", BATCH).toArray() as Array<{ seq: number; record: string }>;
    if (!rows.length) {
      this.failures = 0;
      return;
    }
    const db = this.env.DB;
    try {
      if (!db) throw new Error("no D1 database bound as DB");
      if (this.failures >= 3) await this.oneByOne(db, rows);
      else {
        await writeSpendLogs(db, rows.map((r) => JSON.parse(r.record) as SpendRecord));
        this.ctx.storage.sql.exec("DELETE FROM outbox WHERE seq <= ?", rows[rows.length - 1]!.seq);
      }
      this.failures = 0;
    } catch (e) {
      this.failures = this.failures + 1;
      console.error(JSON.stringify({ level: "error", msg: "spend log flush to D1 failed; will retry", pending: rows.length, failures: this.failures, error: String(e) }));
    }
    const more = Number(this.ctx.storage.sql.exec("SELECT COUNT(*) AS n FROM outbox").one().n) > 0;
    if (more) await this.ctx.storage.setAlarm(Date.now() + flushDelayMs(this.failures));
  }

  /** After repeated failures: record by record, to tell a poisoned record from a D1 outage. */
  private async oneByOne(db: D1Database, rows: Array<{ seq: number; record: string }>): Promise<void> {
    const failed: Array<{ seq: number; record: string; error: string }> = [];
    let wrote = 0;
    for (const r of rows) {
      try {
        await writeSpendLogs(db, [JSON.parse(r.record) as SpendRecord]);
        this.ctx.storage.sql.exec("DELETE FROM outbox WHERE seq = ?", r.seq);
        wrote++;
      } catch (e) {
        failed.push({ ...r, error: String(e) });
      }
    }
    if (!wrote && failed.length) throw new Error(failed[0]!.error); // D1 itself is failing: keep everything, back off
    for (const f of failed) {
      this.ctx.storage.sql.exec("INSERT INTO dead (seq, record, error) VALUES (?, ?, ?)", f.seq, f.record, f.error);
      this.ctx.storage.sql.exec("DELETE FROM outbox WHERE seq = ?", f.seq);
    }
  }
}
