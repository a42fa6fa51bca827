import { openClientStreams } from "../streaming/client-stream.js";

/** What one isolate has in progress, for a graceful stop. */
export interface ActivitySnapshot {
  draining: boolean;
  /** Requests whose response has not been returned yet. */
  requests: number;
  /** Streamed responses still being sent. */
  streams: number;
  /** Work deferred past a response (spend records, settlements, reports) not finished yet. */
  deferred: number;
}

/**
 * One isolate's activity: requests being answered, streams being sent and deferred work. Draining
 * stops new requests (the shell answers them 503) so that, once everything in progress is done and
 * the state ports have flushed, the process can stop without losing anything.
 */
export class Activity {
  draining = false;
  private requests = 0;
  private deferred = 0;

  /** Run one request's handler, counted until its response is returned. */
  async around(run: () => Response | Promise<Response>): Promise<Response> {
    this.requests++;
    try {
      return await run();
    } finally {
      this.requests--;
    }
  }

  /** Count deferred work until it settles (it never rejects: deferred work must not throw). */
  track(work: Promise<unknown>): Promise<unknown> {
    this.deferred++;
    const done = () => {
      this.deferred--;
    };
    return work.then(done, done);
  }

  snapshot(): ActivitySnapshot {
    return { draining: this.draining, requests: this.requests, streams: openClientStreams(), deferred: this.deferred };
  }

  /** Nothing in progress: no request, no stream. (Deferred work is what a drain waits for next.) */
  quiet(): boolean {
    return this.requests === 0 && openClientStreams() === 0;
  }
}
