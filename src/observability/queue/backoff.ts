/** Longest wait between two delivery attempts of one message. */
export const MAX_RETRY_DELAY_S = 300;

/**
 * Seconds before the next delivery attempt: 1, 2, 4, ... capped at MAX_RETRY_DELAY_S, or the
 * sink's Retry-After when it asks for longer (capped too). `attempts` counts the attempt that
 * just failed (1 for the first). With the consumer's max_retries (wrangler.toml) this spans an
 * hour before a message goes to the dead-letter queue.
 */
export function retryDelaySeconds(attempts: number, retryAfterS?: number): number {
  const exp = Math.min(MAX_RETRY_DELAY_S, 2 ** Math.max(0, attempts - 1));
  return Math.min(MAX_RETRY_DELAY_S, Math.max(exp, Math.ceil(retryAfterS ?? 0)));
}

/** Retry-After in seconds (delta-seconds or an HTTP date), if the header says so. */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const n = Number(header);
  if (Number.isFinite(n)) return Math.max(0, n);
  const t = Date.parse(header);
  return Number.isNaN(t) ? undefined : Math.max(0, (t - now) / 1000);
}
