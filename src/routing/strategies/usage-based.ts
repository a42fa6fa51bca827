import { pickLowest, type Strategy } from "./candidate-view.js";

/** Lowest token use this minute (deployments at their rpm/tpm were already filtered out); ties: fewest requests. */
export const usageBased: Strategy = (pool, { random }) => {
  const maxReq = Math.max(1, ...pool.map((v) => v.requests));
  // tokens dominate; requests only break ties between equal token counts
  return pickLowest(pool, (v) => v.tokens + v.requests / (maxReq + 1), random);
};
