import type { Logger } from "../../logger.js";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The dead-letter queue's consumer: messages that used up their delivery retries are written to
 * R2 (`dead-letter/YYYY/MM/DD/<first message id>.jsonl`, one message body per line) so nothing is
 * lost and they can be replayed into the delivery queue; then acknowledged. Without a bucket they
 * stay in the dead-letter queue (retried later).
 */
export async function archiveDeadLetters(
  batch: MessageBatch,
  bucket: R2Bucket | undefined,
  log: Logger,
): Promise<void> {
  if (!batch.messages.length) return;
  if (!bucket) {
    log.error("dead letters kept in the queue: no R2 bucket bound as LOGS_BUCKET", { messages: batch.messages.length });
    batch.retryAll({ delaySeconds: 3600 });
    return;
  }
  const first = batch.messages[0]!;
  const d = first.timestamp;
  const key = `dead-letter/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${first.id}.jsonl`;
  const body = batch.messages.map((m) => JSON.stringify({ id: m.id, attempts: m.attempts, body: m.body })).join("\n");
  await bucket.put(key, `${body}\n`, { httpMetadata: { contentType: "application/x-ndjson" } });
  log.warn("delivery messages moved to the dead-letter archive", { key, messages: batch.messages.length });
  batch.ackAll();
}
