import { ClientClosedError } from "../errors/client-closed.js";
import { TimeoutError } from "../errors/gateway-error.js";

/**
 * One attempt's abort scope: aborts on the client's signal or on a deadline, with the reason
 * kept so errors can be told apart. `arm(ms, what)` (re)starts the deadline.
 */
export class AttemptScope {
  readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onClientAbort = () => this.controller.abort(new ClientClosedError());

  constructor(private readonly client?: AbortSignal) {
    if (client?.aborted) this.controller.abort(new ClientClosedError());
    else client?.addEventListener("abort", this.onClientAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  arm(ms: number | undefined, what: string): void {
    this.disarm();
    if (ms === undefined || !Number.isFinite(ms)) return;
    this.timer = setTimeout(() => {
      this.controller.abort(new TimeoutError(`${what} timed out after ${ms / 1000}s`, { code: "timeout" }));
    }, ms);
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stop listening; call when the attempt is over. */
  dispose(): void {
    this.disarm();
    this.client?.removeEventListener("abort", this.onClientAbort);
  }

  /** The error to surface for a failure seen while this scope may have been aborted. */
  reasonFor(err: unknown): unknown {
    if (this.signal.aborted) return this.signal.reason;
    return err;
  }
}
