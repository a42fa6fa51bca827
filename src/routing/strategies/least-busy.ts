import { pickLowest, type Strategy } from "./candidate-view.js";

/** Fewest requests in flight right now (ties broken at random). */
export const leastBusy: Strategy = (pool, { random }) => pickLowest(pool, (v) => v.inFlight, random);
