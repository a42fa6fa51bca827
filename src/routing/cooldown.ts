import { policyValue } from "../errors/policy-class.js";

/**
 * Cooldown rules (LiteLLM-compatible): failures that say "this deployment is unwell" (429, 401,
 * 404, 408, 5xx, connection errors; not other 4xx) are counted in a sliding minute; more than
 * `allowed_fails` of them (per error class via `allowed_fails_policy`) take the deployment out of
 * rotation for `cooldown_time`. A 429 cools at once when the group has another deployment.
 * A deployment alone in its group is never cooled (there is nothing to route around it to).
 */

export const DEFAULT_ALLOWED_FAILS = 3;
export const DEFAULT_COOLDOWN_MS = 5_000;
export const FAILURE_WINDOW_MS = 60_000;
/** Longest a provider's retry-after may stretch a rate-limit cooldown. */
export const MAX_RETRY_AFTER_MS = 60_000;
const MAX_TRACKED_FAILURES = 100;

export interface CooldownPolicy {
  allowedFails: number;
  allowedFailsPolicy?: Record<string, unknown>;
  /** Default cooldown (ms); a deployment's own cooldown_time overrides it. */
  cooldownMs: number;
  disabled: boolean;
}

export interface FailureFacts {
  kind: string;
  status: number;
  retryAfterS?: number;
}

export interface CooldownState {
  /** Times (epoch ms) of recent counted failures. */
  failures: number[];
  cooldownUntil: number;
  cooldownReason: string | null;
}

/** Whether a failure says something about the deployment (rather than about the request). */
export function countsTowardCooldown(f: FailureFacts): boolean {
  if (f.kind === "APIConnectionError" || f.kind === "TimeoutError") return true;
  if (f.kind === "BudgetExceededError") return false;
  if (f.status === 429 || f.status === 401 || f.status === 404 || f.status === 408) return true;
  return f.status >= 500;
}

export function isCooling(s: CooldownState, now: number): boolean {
  return s.cooldownUntil > now;
}

/**
 * Count one failure. Returns true when it starts (or extends) a cooldown.
 * `deploymentCooldownMs` is the deployment's own cooldown_time (0 = never cool), if set.
 */
export function recordFailure(
  s: CooldownState,
  f: FailureFacts,
  opts: { policy: CooldownPolicy; deploymentCooldownMs?: number; groupSize: number; now: number },
): boolean {
  const { policy, now } = opts;
  const duration = opts.deploymentCooldownMs ?? policy.cooldownMs;
  if (policy.disabled || duration <= 0 || opts.groupSize < 2 || !countsTowardCooldown(f)) return false;
  const rateLimitFails = policyValue(policy.allowedFailsPolicy, "RateLimitError", "AllowedFails");
  const immediate = f.status === 429 && rateLimitFails === undefined;
  if (!immediate) {
    const cutoff = now - FAILURE_WINDOW_MS;
    let drop = 0;
    while (drop < s.failures.length && s.failures[drop]! <= cutoff) drop++;
    if (drop) s.failures.splice(0, drop);
    s.failures.push(now);
    if (s.failures.length > MAX_TRACKED_FAILURES) s.failures.splice(0, s.failures.length - MAX_TRACKED_FAILURES);
    const allowed = policyValue(policy.allowedFailsPolicy, f.kind, "AllowedFails") ?? policy.allowedFails;
    if (s.failures.length <= allowed) return false;
  }
  let ms = duration;
  if (f.status === 429 && f.retryAfterS !== undefined)
    ms = Math.max(ms, Math.min(f.retryAfterS * 1000, MAX_RETRY_AFTER_MS));
  // A later failure may extend a cooldown, never shorten it.
  s.cooldownUntil = Math.max(s.cooldownUntil, now + ms);
  s.cooldownReason = `${f.kind} (${f.status})`;
  s.failures = [];
  return true;
}
