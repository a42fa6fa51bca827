/**
 * When the spend-log outbox writes to D1: a short batching delay after the first record, and
 * exponential backoff after failures (1 s, 2 s, 4 s, ... capped at 60 s; never giving up).
 */
export const FLUSH_DELAY_MS = 1000;
export const MAX_RETRY_DELAY_MS = 60_000;

export function flushDelayMs(failures: number): number {
  if (failures <= 0) return FLUSH_DELAY_MS;
  return Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** (failures - 1));
}

/** The outbox shard of a request (spreads the write load; one request's record always goes to one shard). */
export const OUTBOX_SHARDS = 4;

export function outboxShard(requestId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < requestId.length; i++) h = Math.imul(h ^ requestId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % OUTBOX_SHARDS;
}
