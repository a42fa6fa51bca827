import { pickUniform, type CandidateView, type Strategy } from "./candidate-view.js";

/**
 * Weighted random: by `weight` when any deployment sets one (unset = 1), else by `rpm` when
 * every deployment sets it, else by `tpm` likewise, else uniform.
 */
export const simpleShuffle: Strategy = (pool, { random }) => {
  const weights = weightsOf(pool);
  if (!weights) return pickUniform(pool, random);
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < pool.length; i++) {
    r -= weights[i]!;
    if (r < 0) return pool[i]!;
  }
  return pool[pool.length - 1]!;
};

function weightsOf(pool: readonly CandidateView[]): number[] | undefined {
  if (pool.some((v) => v.spec.weight !== undefined)) return pool.map((v) => v.spec.weight ?? 1);
  if (pool.every((v) => v.spec.rpm !== undefined)) return pool.map((v) => v.spec.rpm!);
  if (pool.every((v) => v.spec.tpm !== undefined)) return pool.map((v) => v.spec.tpm!);
  return undefined;
}
