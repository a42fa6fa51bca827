import { LostSpendError } from "./lost-spend.js";
import type { SpendRecord } from "./spend-record.js";
import type { SpendBacklog, SpendSink } from "./ports.js";

/** A sink that can take several records in one hand-off. */
export interface BatchSpendSink extends SpendSink {
  recordMany(recs: SpendRecord[]): Promise<void>;
}

export interface BatchingOptions {
  /** Longest a record waits in memory before its batch is handed over. */
  maxDelayMs: number;
  /** A batch this large is handed over at once. */
  maxBatch: number;
  setTimer: (fn: () => void, ms: number) => unknown;
  /** Records whose hand-off failed after the inner sink's retries: written out so they can be recovered (a promise: work to wait for). */
  onLost: (recs: SpendRecord[], error: unknown) => unknown;
}

/**
 * Gathers one isolate's spend records into batches: one hand-off (one Durable Object call) per
 * batch instead of one per request. The request that opens a batch carries it: its `record`
 * resolves once the batch is handed over, so its `waitUntil` keeps the isolate alive for the
 * flush; later records of the same batch are only queued (a promise resolved from another
 * request's context would look hung to the runtime), so they return nothing and cost their request
 * no waitUntil. A batch that reaches `maxBatch` is handed over by the request that filled it.
 *
 * A record waits in memory (where a crash of the isolate loses it) at most `maxDelayMs` plus one
 * hand-off. Handing each record over at once when idle was tried: it made every request pay an
 * outbox call (+500 µs of workerd CPU per request in the bench), so records always batch.
 */
export class BatchingSpendSink implements SpendSink {
  private batch: SpendRecord[] = [];
  private armed = false;

  constructor(
    private readonly inner: BatchSpendSink,
    private readonly opts: BatchingOptions,
  ) {}

  record(rec: SpendRecord): Promise<void> | void {
    this.batch.push(rec);
    if (this.batch.length >= this.opts.maxBatch) return this.handOff();
    if (this.armed) return;
    this.armed = true;
    return new Promise<void>((resolve) => {
      this.opts.setTimer(() => {
        this.armed = false;
        void this.handOff().then(resolve);
      }, this.opts.maxDelayMs);
    });
  }

  backlog(): Promise<SpendBacklog> {
    return this.inner.backlog?.() ?? Promise.resolve({ pending: this.batch.length, dead: 0, failing_shards: 0 });
  }

  /** Hand over what is waiting now (a graceful stop); resolves once it is handed over. */
  flush(): Promise<void> {
    return this.handOff();
  }

  /** Records waiting in memory for their hand-off. */
  get waiting(): number {
    return this.batch.length;
  }

  private async handOff(): Promise<void> {
    const recs = this.batch;
    this.batch = [];
    if (!recs.length) return;
    try {
      await this.inner.recordMany(recs);
    } catch (e) {
      // Only the records the inner sink names as lost, when it says which (its other parts landed).
      if (!(e instanceof LostSpendError)) await this.opts.onLost(recs, e);
      else if (e.records.length) await this.opts.onLost(e.records, e.cause);
    }
  }
}
