import type { Logger } from "../logger.js";
import type { ResponseStore } from "./store.js";

/** The Cron Trigger (wrangler.toml) that runs the cleanup: hourly, at :17. */
export const RESPONSES_RETENTION_CRON = "17 * * * *";

/**
 * The scheduled cleanup (a Cron Trigger on Workers): delete every stored response expired at `now`.
 * A failure is logged and rethrown, so the platform records the run as failed; the next run retries.
 */
export async function expireStoredResponses(opts: {
  store: ResponseStore | undefined;
  now: number;
  log: Logger;
}): Promise<number> {
  if (!opts.store) return 0;
  try {
    const deleted = await opts.store.expire(opts.now);
    if (deleted) opts.log.info("expired stored responses", { deleted });
    return deleted;
  } catch (e) {
    opts.log.error("stored response cleanup failed", { error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}
