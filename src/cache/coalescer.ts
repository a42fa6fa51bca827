/**
 * Request coalescing within one isolate: identical requests (same cache key) that arrive while the
 * first is still in flight do not call upstream; they wait for the first one's answer.
 *
 * The first request for a key becomes the leader and must settle: `share(value)` hands its answer
 * to every follower (a plain value, e.g. the ChatCompletion; never a Response or stream, which
 * belong to one request), `release()` (a failure, a cut stream, an answer that may not be stored)
 * lets the followers call upstream on their own. A follower also stops waiting after `maxWaitMs`
 * and calls on its own, so one slow leader never holds others past that. Across isolates nothing
 * is shared: two isolates may both miss, and KV's eventual consistency is accepted.
 */
export type Joined<T> =
  | { role: "leader"; share(value: T): void; release(): void }
  | { role: "follower"; answer: Promise<T | undefined> };

interface InFlight<T> {
  waiters: Array<(v: T | undefined) => void>;
}

export class Coalescer<T> {
  private readonly inFlight = new Map<string, InFlight<T>>();

  constructor(
    private readonly opts: {
      maxWaitMs: number;
      setTimer: (fn: () => void, ms: number) => unknown;
      clearTimer: (handle: unknown) => void;
    },
  ) {}

  /** Lead the key, or follow the request already leading it. */
  join(key: string): Joined<T> {
    const current = this.inFlight.get(key);
    if (current) {
      const answer = new Promise<T | undefined>((resolve) => {
        let settled = false;
        const finish = (v: T | undefined) => {
          if (settled) return;
          settled = true;
          this.opts.clearTimer(timer);
          resolve(v);
        };
        const timer = this.opts.setTimer(() => {
          const i = current.waiters.indexOf(finish);
          if (i >= 0) current.waiters.splice(i, 1);
          finish(undefined);
        }, this.opts.maxWaitMs);
        current.waiters.push(finish);
      });
      return { role: "follower", answer };
    }
    const mine: InFlight<T> = { waiters: [] };
    this.inFlight.set(key, mine);
    const settle = (v: T | undefined) => {
      if (this.inFlight.get(key) !== mine) return;
      this.inFlight.delete(key);
      for (const w of mine.waiters.splice(0)) w(v);
    };
    return { role: "leader", share: (v) => settle(v), release: () => settle(undefined) };
  }

  /** Keys with a leader in flight now. */
  get size(): number {
    return this.inFlight.size;
  }
}

/**
 * The simple form: run `call` once for all concurrent callers of `key`. A follower whose leader
 * failed (or that waited too long) runs `call` itself. `shareable` decides whether a leader's
 * answer may be handed to others (default: every answer).
 */
export async function coalesce<T>(
  c: Coalescer<T>,
  key: string,
  call: () => Promise<T>,
  shareable: (v: T) => boolean = () => true,
): Promise<{ value: T; shared: boolean }> {
  const j = c.join(key);
  if (j.role === "follower") {
    const v = await j.answer;
    if (v !== undefined) return { value: v, shared: true };
    return { value: await call(), shared: false };
  }
  try {
    const value = await call();
    if (shareable(value)) j.share(value);
    else j.release();
    return { value, shared: false };
  } catch (e) {
    j.release();
    throw e;
  }
}
