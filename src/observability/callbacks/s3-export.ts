import type { CallbackMessage } from "../queue/queue-message.js";
import { standardLoggingPayload } from "./standard-logging-payload.js";
import { stableHex } from "./stable-id.js";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The `s3` callback on R2: one JSON-lines object per delivered batch, one StandardLoggingPayload
 * per line, under `<s3_path>/YYYY/MM/DD/` (the UTC day of the batch's first request). The object
 * key is derived from the records' idempotency keys, so a retried batch overwrites its own object
 * instead of adding a copy. (A batch the queue re-forms differently after a lost acknowledgement
 * can repeat a record in another object: readers dedupe on `id`.)
 */
export function s3Object(
  records: readonly CallbackMessage[],
  opts: { prefix: string; redactUserInfo: boolean },
): { key: string; body: string } {
  const first = new Date(Math.min(...records.map((r) => r.log.created_at)));
  const day = `${first.getUTCFullYear()}/${pad(first.getUTCMonth() + 1)}/${pad(first.getUTCDate())}`;
  const ids = records.map((r) => r.idempotency_key).sort();
  const name = `${first.getTime()}-${stableHex(ids.join("\n"), 16)}.jsonl`;
  const body = records.map((r) => JSON.stringify(standardLoggingPayload(r.log, opts))).join("\n");
  return { key: `${opts.prefix ? `${opts.prefix}/` : ""}${day}/${name}`, body: `${body}\n` };
}
