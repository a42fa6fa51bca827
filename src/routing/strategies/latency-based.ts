import { pickUniform, type Strategy } from "./candidate-view.js";

/**
 * Lowest mean latency (per output token; time to first token for streams). Deployments with no
 * samples yet count as fastest so they get measured. With `lowest_latency_buffer` b, any
 * deployment within (1 + b) × the best is an equal choice (spreads load across near-equals).
 */
export const latencyBased: Strategy = (pool, { random, latencyBuffer }) => {
  const lat = (i: number) => pool[i]!.latencyMs ?? 0;
  let best = Infinity;
  for (let i = 0; i < pool.length; i++) best = Math.min(best, lat(i));
  const limit = best * (1 + Math.max(0, latencyBuffer));
  const near = pool.filter((_, i) => lat(i) <= limit);
  return pickUniform(near, random);
};
