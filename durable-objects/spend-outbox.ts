import { DurableObject } from "cloudflare:workers";
import { boundSpendRecord } from "../src/accounting/bound-record.js";
import type { SpendRecord } from "../src/state/spend-record.js";
import { writeSpendLogBatches } from "../src/state/cloudflare/spend-log-row.js";
import { flushDelayMs } from "../src/state/outbox-policy.js";

const SCHEMA = [
  // One row per hand-off: `record` holds a JSON array of spend records (one batch from one isolate).
  "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL)",
  "CREATE TABLE IF NOT EXISTS dead (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL, error TEXT NOT NULL)",
];
/** Rows (hand-offs) read per flush; each holds up to the isolate's batch size of records. */
const ROWS_PER_FLUSH = 20;

interface Env {
  DB?: D1Database;
}

interface Row {
  seq: number;
  /** A JSON array of spend records, as handed over. */
  record: string;
}

/**
 * A spend-log outbox shard: each hand-off is stored in SQLite when it arrives (durable before
 * the append returns) and an alarm writes them to D1 in batches. When D1 fails the alarm comes back
 * later (backoff up to a minute) and tries again, forever: a record leaves only once D1 has it.
 * A record D1 refuses on its own while others go through is kept in `dead`.
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

  /**
   * `batch` is a JSON array of SpendRecords from the gateway's own code (serialised once, by the
   * sender); stored as it came, one row per call. Never lost across a deploy: the array form of the
   * previous version is taken too.
   */
  async append(batch: string | SpendRecord[]): Promise<void> {
    // An array is what isolates of the previous version send (during a deploy): stored the same way.
    if (Array.isArray(batch)) batch = JSON.stringify(batch);
    if (typeof batch !== "string" || !batch.startsWith("["))
      throw new TypeError("append takes a JSON array of spend records");
    if (batch === "[]") return;
    try {
      this.ctx.storage.sql.exec("INSERT INTO outbox (record) VALUES (?)", batch);
    } catch {
      this.appendEach(batch);
    }
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + flushDelayMs(0));
  }

  /**
   * A batch SQLite refused whole (too large for one row): each record on its own row, bounded; one it
   * still refuses goes to `dead` with the error, and its neighbours are stored as usual.
   */
  private appendEach(batch: string): void {
    for (const rec of JSON.parse(batch) as SpendRecord[]) {
      const one = JSON.stringify(boundSpendRecord(rec));
      try {
        this.ctx.storage.sql.exec("INSERT INTO outbox (record) VALUES (?)", `[${one}]`);
      } catch (e) {
        this.ctx.storage.sql.exec("INSERT INTO dead (record, error) VALUES (?, ?)", one.slice(0, 100_000), String(e));
      }
    }
  }

  /** Readiness (and after a restart): the flush is re-armed when records wait here. */
  async resume(): Promise<{ pending: number; dead: number; failures: number }> {
    const waiting = this.ctx.storage.sql.exec("SELECT seq FROM outbox LIMIT 1").toArray().length > 0;
    if (waiting && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
    return this.backlog();
  }

  backlog(): { pending: number; dead: number; failures: number } {
    const pending = (
      this.ctx.storage.sql.exec("SELECT record FROM outbox").toArray() as Array<{ record: string }>
    ).reduce((n, r) => n + (JSON.parse(r.record) as unknown[]).length, 0);
    const dead = Number(this.ctx.storage.sql.exec("SELECT COUNT(*) AS n FROM dead").one().n);
    return { pending, dead, failures: this.failures };
  }

  override async alarm(): Promise<void> {
    const rows = this.ctx.storage.sql
      .exec("SELECT seq, record FROM outbox ORDER BY seq LIMIT ?", ROWS_PER_FLUSH)
      .toArray() as unknown as Row[];
    if (!rows.length) {
      this.failures = 0;
      return;
    }
    const db = this.env.DB;
    try {
      if (!db) throw new Error("no D1 database bound as DB");
      if (this.failures >= 3) await this.oneByOne(db, rows);
      else {
        await writeSpendLogBatches(
          db,
          rows.map((r) => r.record),
        );
        this.ctx.storage.sql.exec("DELETE FROM outbox WHERE seq <= ?", rows[rows.length - 1]!.seq);
      }
      this.failures = 0;
    } catch (e) {
      this.failures = this.failures + 1;
      console.error(
        JSON.stringify({
          level: "error",
          msg: "spend log flush to D1 failed; will retry",
          pending_batches: rows.length,
          failures: this.failures,
          error: String(e),
        }),
      );
    }
    const more = Number(this.ctx.storage.sql.exec("SELECT COUNT(*) AS n FROM outbox").one().n) > 0;
    if (more) await this.ctx.storage.setAlarm(Date.now() + flushDelayMs(this.failures));
  }

  /** After repeated failures: record by record, to tell a poisoned record from a D1 outage. */
  private async oneByOne(db: D1Database, rows: Row[]): Promise<void> {
    const failed: Array<{ record: SpendRecord; error: string }> = [];
    let wrote = 0;
    for (const r of rows) {
      for (const rec of JSON.parse(r.record) as SpendRecord[]) {
        try {
          await writeSpendLogBatches(db, [JSON.stringify([rec])]);
          wrote++;
        } catch (e) {
          failed.push({ record: rec, error: String(e) });
        }
      }
    }
    if (!wrote && failed.length) throw new Error(failed[0]!.error); // D1 itself is failing: keep everything, back off
    for (const f of failed)
      this.ctx.storage.sql.exec("INSERT INTO dead (record, error) VALUES (?, ?)", JSON.stringify(f.record), f.error);
    this.ctx.storage.sql.exec("DELETE FROM outbox WHERE seq <= ?", rows[rows.length - 1]!.seq);
  }
}
