import { spendRecordOf } from "./spend-log-row.js";

/** Rows per exported object (about 1 MB of JSON before compression). */
export const EXPORT_CHUNK_ROWS = 2000;
/** Chunks per run: one cron run moves at most EXPORT_CHUNK_ROWS * this many rows. */
export const EXPORT_CHUNKS_PER_RUN = 10;

const pad = (n: number) => String(n).padStart(2, "0");

/** gzip (CompressionStream) of a text. */
export async function gzipText(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

/**
 * spend_logs_retention_days: raw rows older than `cutoff` are written to R2 as gzip-compressed
 * JSON lines (one spend record per line, oldest first), and only once an object is stored are
 * exactly its rows deleted. Chunks are taken oldest first in a fixed order, so a run that stored
 * an object but failed to delete its rows stores the same object under the same name next time
 * (overwritten, not duplicated). The daily aggregates are not touched: reports keep every day.
 */
export async function exportExpiredSpendLogs(
  db: D1Database,
  bucket: R2Bucket,
  opts: { cutoff: number; prefix?: string; chunkRows?: number; maxChunks?: number },
): Promise<{ rows: number; objects: string[] }> {
  const chunkRows = opts.chunkRows ?? EXPORT_CHUNK_ROWS;
  const objects: string[] = [];
  let rows = 0;
  for (let i = 0; i < (opts.maxChunks ?? EXPORT_CHUNKS_PER_RUN); i++) {
    const res = await db
      .prepare("SELECT * FROM spend_logs WHERE created_at < ? ORDER BY created_at, request_id LIMIT ?")
      .bind(opts.cutoff, chunkRows)
      .all<Record<string, unknown>>();
    const records = res.results.map(spendRecordOf);
    if (!records.length) break;
    const first = records[0]!;
    const d = new Date(first.created_at);
    const key = `${opts.prefix ?? "spend-logs"}/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${first.created_at}-${encodeURIComponent(first.request_id)}-${records.length}.jsonl.gz`;
    const body = await gzipText(`${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    await bucket.put(key, body, { httpMetadata: { contentType: "application/x-ndjson", contentEncoding: "gzip" } });
    await db
      .prepare("DELETE FROM spend_logs WHERE request_id IN (SELECT value FROM json_each(?))")
      .bind(JSON.stringify(records.map((r) => r.request_id)))
      .run();
    objects.push(key);
    rows += records.length;
    if (records.length < chunkRows) break;
  }
  return { rows, objects };
}
