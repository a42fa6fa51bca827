import type { SpendRecord } from "../spend-record.js";
import type { SpendSink } from "../ports.js";

/** Writes each spend record as one structured log line (Workers Logs / Logpush pick it up). */
export class LogSpendSink implements SpendSink {
  async record(rec: SpendRecord): Promise<void> {
    console.log(JSON.stringify({ level: "info", msg: "spend", ...rec }));
  }
}
