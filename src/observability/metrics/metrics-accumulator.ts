import { copyDelta, mergeDelta, type SeriesDelta, seriesKey } from "./metric-batch.js";

export interface AccumulatorOptions {
  /** How long changes gather in the isolate before one batch goes to the metrics object. */
  flushIntervalMs: number;
  setTimer: (fn: () => void, ms: number) => unknown;
  /** Sends one batch (one Durable Object call). */
  send: (batch: SeriesDelta[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

/** Flush interval on Workers: a scrape sees a request within this long (plus one round trip). */
export const METRICS_FLUSH_INTERVAL_MS = 5000;

/**
 * One isolate's metric changes, summed per series and sent as one batch every flush interval,
 * off the response path. The first change after a flush arms the timer and hands the flush to
 * that request's `defer` (waitUntil keeps the isolate alive until it is sent); later changes only
 * add to the sums. A batch holds one entry per series touched, whatever the traffic.
 *
 * Loss bound: changes live only in this isolate until their flush, so an isolate that is evicted
 * (or crashes) before its timer fires loses at most the last `flushIntervalMs` of its own counts;
 * a batch the metrics object refused is merged back and sent with the next one.
 */
export class MetricsAccumulator {
  private pending = new Map<string, SeriesDelta>();
  private armed = false;

  constructor(private readonly opts: AccumulatorOptions) {}

  /** Add changes; `defer` keeps the request alive for the flush when this call arms it. */
  add(deltas: readonly SeriesDelta[], defer: (work: Promise<unknown>) => void): void {
    for (const d of deltas) this.merge(d);
    if (this.armed || !this.pending.size) return;
    this.armed = true;
    defer(
      new Promise<void>((resolve) => {
        this.opts.setTimer(() => {
          this.armed = false;
          void this.flush().then(resolve);
        }, this.opts.flushIntervalMs);
      }),
    );
  }

  /** Series waiting for the next flush. */
  size(): number {
    return this.pending.size;
  }

  /** Send what has gathered now; on failure the batch is merged back for the next flush. */
  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.opts.send(batch);
    } catch (e) {
      for (const d of batch) this.merge(d);
      this.opts.onError?.(e);
    }
  }

  private merge(d: SeriesDelta): void {
    const k = seriesKey(d.name, d.labels);
    const cur = this.pending.get(k);
    if (cur) mergeDelta(cur, d);
    else this.pending.set(k, copyDelta(d));
  }
}
