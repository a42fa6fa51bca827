import { SpendRecord } from "../spend-record.js";
import { MARK_SQL, ROLLUP_SQL } from "./spend-daily.js";

/**
 * SpendRecord ↔ spend_logs row (migrations/0001_init.sql). Columns are named after the record's
 * fields; arrays and objects are JSON text, booleans 0/1.
 */
export const SPEND_COLUMNS = Object.keys(SpendRecord.shape) as Array<keyof SpendRecord>;

const JSON_COLUMNS = new Set<string>(["tags", "metadata"]);
const BOOL_COLUMNS = new Set<string>(["stream", "cache_hit"]);

export function spendRecordOf(row: Record<string, unknown>): SpendRecord {
  const out: Record<string, unknown> = {};
  for (const c of SPEND_COLUMNS) {
    const v = row[c];
    out[c] = JSON_COLUMNS.has(c)
      ? JSON.parse(String(v ?? (c === "tags" ? "[]" : "{}")))
      : BOOL_COLUMNS.has(c) && v != null
        ? v === 1 || v === true
        : v;
  }
  return SpendRecord.parse(out);
}

/**
 * One statement inserts a whole chunk: the records go in as one JSON array parameter and SQLite
 * unpacks it with json_each (D1 allows only 100 bound parameters per statement, under four rows'
 * worth of columns). `->>` yields SQL values: text, integers, 1/0 for booleans, JSON text for
 * arrays and objects, NULL for null. Only a request id already there is skipped (a retry): a record
 * that breaks another constraint fails the statement, so the outbox can set it aside rather than
 * lose it (`INSERT OR IGNORE` would drop it silently). `WHERE true` lets SQLite parse the upsert
 * clause after a SELECT.
 */
export const INSERT_SPEND_SQL =
  `INSERT INTO spend_logs (${SPEND_COLUMNS.join(", ")}) ` +
  `SELECT ${SPEND_COLUMNS.map((c) => `value ->> '$.${c}'`).join(", ")} FROM json_each(?) WHERE true ` +
  "ON CONFLICT(request_id) DO NOTHING";

/** A chunk's JSON stays well under D1's 2 MB limit for one value. */
const MAX_CHUNK_CHARS = 900_000;

/** Records (each one JSON text) as JSON arrays of at most MAX_CHUNK_CHARS. */
export function spendChunks(jsonRecords: readonly string[]): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const json of jsonRecords) {
    if (parts.length && size + json.length + 1 > MAX_CHUNK_CHARS) {
      chunks.push(`[${parts.join(",")}]`);
      parts = [];
      size = 2;
    }
    parts.push(json);
    size += json.length + 1;
  }
  if (parts.length) chunks.push(`[${parts.join(",")}]`);
  return chunks;
}

/**
 * Write batches that are already JSON arrays of records (as the outbox stores them) in one D1
 * batch (a transaction), without parsing them; only an oversized one is split. A record already
 * there is skipped, so retries are safe. The daily aggregates (spend-daily.ts) are updated in the
 * same transaction with exactly the rows it inserted.
 */
export async function writeSpendLogBatches(db: D1Database, batches: readonly string[]): Promise<void> {
  const chunks = batches.flatMap((b) =>
    b.length <= MAX_CHUNK_CHARS ? [b] : spendChunks((JSON.parse(b) as unknown[]).map((r) => JSON.stringify(r))),
  );
  if (!chunks.length) return;
  const stmt = db.prepare(INSERT_SPEND_SQL);
  await db.batch([db.prepare(MARK_SQL), ...chunks.map((c) => stmt.bind(c)), db.prepare(ROLLUP_SQL)]);
}
