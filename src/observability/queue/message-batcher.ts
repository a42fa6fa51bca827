import type { DeliveryQueue } from "../ports.js";
import { messageBytes, type QueueMessage } from "./queue-message.js";

/** Cloudflare Queues: at most 100 messages and 256 KB per sendBatch. */
export const MAX_SEND_MESSAGES = 100;
export const MAX_SEND_BYTES = 250_000;

export interface BatcherOptions {
  /** Longest a message waits in the isolate before its batch is sent. */
  maxDelayMs: number;
  setTimer: (fn: () => void, ms: number) => unknown;
  /** Messages whose send failed after retries: written to the log so they can be recovered. */
  onLost: (messages: QueueMessage[], error: unknown) => void;
}

/**
 * Gathers one isolate's delivery messages into sendBatch calls (one queue write per batch, not
 * per request), off the response path: the request that opens a batch hands its flush to its
 * `defer`. A batch is sent early when it reaches the queue's per-call limits. A failed send is
 * tried twice more, then logged whole (never silently dropped).
 */
export class MessageBatcher {
  private pending: QueueMessage[] = [];
  private bytes = 0;
  private armed = false;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly opts: BatcherOptions,
  ) {}

  add(messages: readonly QueueMessage[], defer: (work: Promise<unknown>) => void): void {
    for (const m of messages) {
      const size = messageBytes(m);
      if (this.pending.length >= MAX_SEND_MESSAGES || this.bytes + size > MAX_SEND_BYTES) defer(this.flush());
      this.pending.push(m);
      this.bytes += size;
    }
    if (this.armed || !this.pending.length) return;
    this.armed = true;
    defer(
      new Promise<void>((resolve) => {
        this.opts.setTimer(() => {
          this.armed = false;
          void this.flush().then(resolve);
        }, this.opts.maxDelayMs);
      }),
    );
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    if (!batch.length) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.queue.send(batch);
        return;
      } catch (e) {
        if (attempt >= 3) {
          this.opts.onLost(batch, e);
          return;
        }
      }
    }
  }
}
