import type { RoutingStrategy } from "../../config/schema.js";
import type { Strategy } from "./candidate-view.js";
import { costBased } from "./cost-based.js";
import { latencyBased } from "./latency-based.js";
import { leastBusy } from "./least-busy.js";
import { simpleShuffle } from "./simple-shuffle.js";
import { usageBased } from "./usage-based.js";

export const STRATEGIES: Record<RoutingStrategy, Strategy> = {
  "simple-shuffle": simpleShuffle,
  "least-busy": leastBusy,
  "usage-based-routing": usageBased,
  "usage-based-routing-v2": usageBased,
  "latency-based-routing": latencyBased,
  "cost-based-routing": costBased,
};
