import { pickLowest, type Strategy } from "./candidate-view.js";

/** What an unpriced deployment is assumed to cost per token (LiteLLM assumes $1): it comes last. */
export const UNKNOWN_COST_PER_TOKEN = 1_000_000;

/** Cheapest deployment (input + output price per token) among those under their limits. */
export const costBased: Strategy = (pool, { random }) =>
  pickLowest(pool, (v) => v.spec.costPerToken ?? UNKNOWN_COST_PER_TOKEN, random);
