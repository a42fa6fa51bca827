import type { SpendRecord } from "../state/spend-record.js";

/**
 * Bounds on one spend record, so one request cannot make a batch too large to store (SQLite and D1
 * refuse a value past 2 MB, and a refused batch would take its neighbours with it). Text fields come
 * from the client (model, user, tags) and are cut with a visible marker; the record keeps saying what
 * was cut in `metadata.truncated`.
 */
export const MAX_RECORD_TEXT = 1024;
export const MAX_RECORD_TAGS = 64;
export const MAX_RECORD_TAG = 256;
export const MAX_RECORD_METADATA_CHARS = 16 * 1024;

function cut(s: string, max: number): string {
  return `${s.slice(0, max)}…[truncated from ${s.length} characters]`;
}

/** The record itself when it is within the bounds (the common case, no copy), else a bounded copy. */
export function boundSpendRecord(rec: SpendRecord): SpendRecord {
  const truncated: string[] = [];
  let out: SpendRecord | undefined;
  const copy = () => {
    out ??= { ...rec };
    return out;
  };
  for (const [k, v] of Object.entries(rec)) {
    if (typeof v === "string" && v.length > MAX_RECORD_TEXT) {
      (copy() as Record<string, unknown>)[k] = cut(v, MAX_RECORD_TEXT);
      truncated.push(k);
    }
  }
  if (rec.tags.length > MAX_RECORD_TAGS || rec.tags.some((t) => t.length > MAX_RECORD_TAG)) {
    copy().tags = rec.tags
      .slice(0, MAX_RECORD_TAGS)
      .map((t) => (t.length > MAX_RECORD_TAG ? cut(t, MAX_RECORD_TAG) : t));
    truncated.push("tags");
  }
  let metadata = rec.metadata;
  const metaChars = Object.keys(metadata).length ? JSON.stringify(metadata).length : 2;
  if (metaChars > MAX_RECORD_METADATA_CHARS) {
    metadata = { truncated_metadata_chars: metaChars };
    truncated.push("metadata");
  }
  if (!truncated.length) return rec;
  copy().metadata = { ...metadata, truncated };
  return out!;
}
