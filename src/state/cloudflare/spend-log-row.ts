import { SpendRecord } from "../../accounting/record.js";

/**
 * SpendRecord ↔ spend_logs row (migrations/0001_init.sql). Columns are named after the record's
 * fields; arrays and objects are JSON, booleans 0/1.
 */
export const SPEND_COLUMNS = Object.keys(SpendRecord.shape) as Array<keyof SpendRecord>;

const JSON_COLUMNS = new Set<string>(["tags", "metadata"]);
const BOOL_COLUMNS = new Set<string>(["stream"]);

export const INSERT_SPEND_SQL = `INSERT OR IGNORE INTO spend_logs (${SPEND_COLUMNS.join(", ")}) VALUES (${SPEND_COLUMNS.map(() => "?").join(", ")})`;

export function spendRowValues(r: SpendRecord): unknown[] {
  return SPEND_COLUMNS.map((c) => {
    const v = r[c];
    if (JSON_COLUMNS.has(c)) return JSON.stringify(v);
    if (BOOL_COLUMNS.has(c)) return v ? 1 : 0;
    return v;
  });
}

export function spendRecordOf(row: Record<string, unknown>): SpendRecord {
  const out: Record<string, unknown> = {};
  for (const c of SPEND_COLUMNS) {
    const v = row[c];
    out[c] = JSON_COLUMNS.has(c) ? JSON.parse(String(v ?? (c === "tags" ? "[]" : "{}"))) : BOOL_COLUMNS.has(c) ? v === 1 || v === true : v;
  }
  return SpendRecord.parse(out);
}

/** Write records to D1 in one batch (a transaction); a record already there is skipped, so retries are safe. */
export async function writeSpendLogs(db: D1Database, records: SpendRecord[]): Promise<void> {
  if (!records.length) return;
  const stmt = db.prepare(INSERT_SPEND_SQL);
  await db.batch(records.map((r) => stmt.bind(...spendRowValues(r))));
}
