import type { RuntimeConfig } from "../runtime-config.js";
import { GatewayError } from "../errors/gateway-error.js";
import { policyValue } from "../errors/policy-class.js";
import { ClientClosedError } from "../errors/client-closed.js";
import type { RouteOverrides } from "./router.js";

export const DEFAULT_NUM_RETRIES = 2;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const JITTER_MS = 750;
/** An upstream retry-after up to this long is waited out; a longer one ends the retries. */
export const MAX_HONOURED_RETRY_AFTER_S = 60;

/**
 * Errors about the caller, not the deployment (the client went away, a budget is spent): they end
 * routing at once (no retry, no fallback) and do not count against the deployment.
 */
export function endsRouting(e: unknown): boolean {
  return e instanceof ClientClosedError || (e instanceof GatewayError && e.kind === "BudgetExceededError");
}

/**
 * How many retries (within one model group) a request gets after this error. Errors that are not
 * retryable (400-class) get none unless `retry_policy` names their class; the request's own
 * `num_retries` beats `retry_policy`, which beats router_settings / litellm_settings `num_retries`.
 */
export function retriesFor(cfg: RuntimeConfig, e: unknown, o: RouteOverrides): number {
  if (endsRouting(e) || (e instanceof GatewayError && e.mock)) return 0;
  const kind = e instanceof GatewayError ? e.kind : "InternalServerError";
  const fromPolicy = policyValue(cfg.raw.router_settings.retry_policy, kind, "Retries");
  const retryable = e instanceof GatewayError ? e.retryable : true;
  if (!retryable && fromPolicy === undefined) return 0;
  if (o.numRetries !== undefined) return o.numRetries;
  if (fromPolicy !== undefined) return fromPolicy;
  return configuredRetries(cfg, o);
}

/** Retries a request gets when no retry_policy entry speaks for its error: the request's, else the config's. */
export function configuredRetries(cfg: RuntimeConfig, o: RouteOverrides): number {
  return (
    o.numRetries ?? cfg.raw.router_settings.num_retries ?? cfg.raw.litellm_settings.num_retries ?? DEFAULT_NUM_RETRIES
  );
}

/** The upstream asked for a longer pause than we will wait inside one request. */
export function retryAfterTooLong(e: unknown): boolean {
  return e instanceof GatewayError && e.retryAfter !== undefined && e.retryAfter > MAX_HONOURED_RETRY_AFTER_S;
}

/**
 * Pause before retrying a deployment that already failed this request: the upstream's
 * retry-after when it gave one (≤ 60 s), else 0.5 s × 2^(n-1) capped at 8 s and floored at
 * router_settings.retry_after, plus up to 0.75 s of jitter.
 */
export function backoffMs(opts: { retry: number; error: unknown; random: () => number; minMs?: number }): number {
  const e = opts.error;
  if (
    e instanceof GatewayError &&
    e.retryAfter !== undefined &&
    e.retryAfter > 0 &&
    e.retryAfter <= MAX_HONOURED_RETRY_AFTER_S
  ) {
    return Math.max(opts.minMs ?? 0, e.retryAfter * 1000);
  }
  const exp = INITIAL_DELAY_MS * 2 ** Math.max(0, opts.retry - 1);
  const base = Math.max(opts.minMs ?? 0, Math.min(MAX_DELAY_MS, exp));
  return Math.round(base + JITTER_MS * opts.random());
}
