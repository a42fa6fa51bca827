import type { StatePorts } from "../deps.js";
import type { Logger } from "../logger.js";
import { ServiceUnavailableError } from "../errors/gateway-error.js";
import type { Activity, ActivitySnapshot } from "./activity.js";
import { renderError } from "./on-error.js";

/** Where the process that runs the gateway (scripts/start.mjs) asks the isolate to drain. */
export const DRAIN_PATH = "/_switchyard/drain";
const POLL_MS = 20;

export interface DrainOptions {
  activity: Activity;
  state: StatePorts;
  /** The runtime's control token; the route exists only when one is set, and answers only to it. */
  token: string;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/**
 * POST /_switchyard/drain (control token): stop taking requests, wait for those in progress and
 * their streams to end, hand every spend record and lease report over now, and wait for the deferred
 * work to finish. Answers what is still in progress; `drained: true` when nothing is (safe to stop).
 * Waits at most `?timeout_ms=` (default 25 s); called again, it waits again.
 */
export async function drain(req: Request, opts: DrainOptions): Promise<Response> {
  if (req.method !== "POST" || req.headers.get("authorization") !== `Bearer ${opts.token}`) {
    return new Response(null, { status: 404 });
  }
  const { activity } = opts;
  activity.draining = true;
  const asked = Number(new URL(req.url).searchParams.get("timeout_ms"));
  const until = opts.now() + (Number.isFinite(asked) && asked > 0 ? asked : 25_000);
  const waitFor = async (done: () => boolean) => {
    while (!done() && opts.now() < until) await opts.sleep(POLL_MS);
    return done();
  };
  let drained = await waitFor(() => activity.quiet());
  if (drained) {
    await Promise.all([opts.state.spend.flush?.(), opts.state.ledgers?.flush?.()]);
    drained = await waitFor(() => activity.snapshot().deferred === 0);
  }
  const body: ActivitySnapshot & { drained: boolean } = { drained, ...activity.snapshot() };
  return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
}

/** What a request gets while the isolate drains: 503 with retry-after, and the connection closed. */
export function stoppingResponse(log: Logger): Response {
  return renderError(
    new ServiceUnavailableError("the gateway is stopping; retry shortly", {
      code: "shutting_down",
      retryAfter: 1,
      headers: { connection: "close" },
    }),
    log,
  );
}

/** What a request gets while the isolate's state is not usable yet (local start-up): 503 with retry-after. */
export function startingResponse(log: Logger): Response {
  return renderError(
    new ServiceUnavailableError("the gateway is starting (its database is being prepared); retry shortly", {
      code: "starting",
      retryAfter: 1,
    }),
    log,
  );
}
