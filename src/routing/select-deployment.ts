import type { RoutingStrategy } from "../config/schema.js";
import type { PickResult } from "./router-types.js";
import type { CandidateView } from "./strategies/candidate-view.js";
import { STRATEGIES } from "./strategies/index.js";

export type Selection = { ok: true; view: CandidateView; repeat: boolean } | Extract<PickResult, { ok: false }>;

/**
 * Choose a deployment: drop excluded, cooling and rate-limited ones; prefer those that have not
 * failed this request (`avoid`); keep the lowest `order` present (unset = last); then the strategy.
 * When nothing is available, say why and when the earliest one frees up.
 */
export function selectDeployment(opts: {
  views: readonly CandidateView[];
  strategy: RoutingStrategy;
  avoid: ReadonlySet<string>;
  exclude: ReadonlySet<string>;
  now: number;
  random: () => number;
  latencyBuffer: number;
}): Selection {
  const { now } = opts;
  const usable = opts.views.filter((v) => !opts.exclude.has(v.spec.id));
  const available = usable.filter((v) => v.coolingUntil <= now && v.limitedUntil <= now);
  if (!available.length) return unavailable(usable, now);
  const fresh = available.filter((v) => !opts.avoid.has(v.spec.id));
  const repeat = fresh.length === 0;
  const pool = lowestOrder(repeat ? available : fresh);
  const view =
    pool.length === 1
      ? pool[0]!
      : STRATEGIES[opts.strategy](pool, { random: opts.random, latencyBuffer: opts.latencyBuffer });
  return { ok: true, view, repeat };
}

function lowestOrder(pool: CandidateView[]): CandidateView[] {
  let min = Infinity;
  for (const v of pool) min = Math.min(min, v.spec.order ?? Infinity);
  return pool.filter((v) => (v.spec.order ?? Infinity) === min);
}

function unavailable(usable: readonly CandidateView[], now: number): Selection {
  if (!usable.length) return { ok: false, reason: "none", retryAfterMs: 0 };
  let cooling = 0;
  let limited = 0;
  let earliest = Infinity;
  for (const v of usable) {
    if (v.coolingUntil > now) cooling++;
    if (v.limitedUntil > now) limited++;
    earliest = Math.min(earliest, Math.max(v.coolingUntil, v.limitedUntil));
  }
  const reason = limited === 0 ? "cooldown" : cooling === 0 ? "rate_limit" : "cooldown_or_rate_limit";
  return { ok: false, reason, retryAfterMs: Math.max(0, earliest - now) };
}
