import type { Logger } from "../logger.js";
import type { SpendRecord } from "./spend-record.js";

/**
 * Records that could not be handed to the spend store are written to the log whole (they hold no
 * content and no secrets), so they can be replayed from the logs: a spend record is never dropped silently.
 */
export function logLostSpend(log: Logger, recs: SpendRecord[], error: unknown): void {
  for (const record of recs) log.error("spend record not handed to the spend store", { error: String(error), record });
}

/** The records of a hand-off that did not reach the spend store (the others did), and why. */
export class LostSpendError extends Error {
  constructor(
    readonly records: SpendRecord[],
    cause: unknown,
  ) {
    super(`${records.length} spend records not handed over: ${String(cause)}`, { cause });
  }
}
