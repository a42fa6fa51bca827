import type { SpendRecord } from "../spend-record.js";
import type { SpendSink } from "../ports.js";

/** In-memory spend sink for the library and unit tests. */
export class MemorySpendSink implements SpendSink {
  readonly records: SpendRecord[] = [];
  async record(rec: SpendRecord): Promise<void> {
    this.records.push(rec);
  }
}
