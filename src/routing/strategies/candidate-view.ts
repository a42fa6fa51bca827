import type { CandidateSpec } from "../router-types.js";

/** A deployment as the strategies see it: its settings plus its live numbers. */
export interface CandidateView {
  spec: CandidateSpec;
  inFlight: number;
  /** Requests and tokens used in the current minute. */
  requests: number;
  tokens: number;
  /** Mean latency for this kind of request (ms per output token, or ms to first token for streams); undefined = no data. */
  latencyMs?: number;
  /** Epoch ms until which the deployment is cooling down (0 = not). */
  coolingUntil: number;
  /** Epoch ms until which the deployment is at its rpm/tpm limit (0 = not). */
  limitedUntil: number;
}

export interface StrategyContext {
  random: () => number;
  /** routing_strategy_args.lowest_latency_buffer */
  latencyBuffer: number;
}

export type Strategy = (pool: readonly CandidateView[], ctx: StrategyContext) => CandidateView;

/** Uniform choice. */
export function pickUniform<T>(list: readonly T[], random: () => number): T {
  return list[Math.min(list.length - 1, Math.floor(random() * list.length))]!;
}

/** Every element with the lowest score; a random one of them. */
export function pickLowest(
  pool: readonly CandidateView[],
  score: (v: CandidateView) => number,
  random: () => number,
): CandidateView {
  let best = Infinity;
  let ties: CandidateView[] = [];
  for (const v of pool) {
    const s = score(v);
    if (s < best) {
      best = s;
      ties = [v];
    } else if (s === best) ties.push(v);
  }
  return pickUniform(ties.length ? ties : pool, random);
}
