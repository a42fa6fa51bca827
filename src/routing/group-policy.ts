import { pricesFor } from "../accounting/cost.js";
import { lookupPrice } from "../accounting/prices.js";
import type { Deployment } from "../providers/deployment.js";
import type { RuntimeConfig } from "../runtime-config.js";
import { DEFAULT_ALLOWED_FAILS, DEFAULT_COOLDOWN_MS } from "./cooldown.js";
import { DEFAULT_LATENCY_TTL_MS } from "./latency.js";
import type { CandidateSpec, GroupPolicy } from "./router-types.js";
import type { PlannedGroup } from "./route-plan.js";

const secs = (s: number | undefined) => (s === undefined ? undefined : s * 1000);

/**
 * Whether choosing in this group needs shared state. A lone deployment without rpm/tpm has
 * nothing to decide (no state round trip, no outcome report); neither has simple-shuffle with
 * cooldowns disabled and no limits.
 */
export function needsState(cfg: RuntimeConfig, deployments: readonly Deployment[]): boolean {
  for (const d of deployments) if (d.params.rpm !== undefined || d.params.tpm !== undefined) return true;
  if (deployments.length < 2) return false;
  const rs = cfg.raw.router_settings;
  return !(rs.disable_cooldowns === true && (rs.routing_strategy ?? "simple-shuffle") === "simple-shuffle");
}

const cache = new WeakMap<RuntimeConfig, Map<string, GroupPolicy>>();

/** The group's routing settings for the state store (built once per config and group). */
export function groupPolicy(cfg: RuntimeConfig, group: Pick<PlannedGroup, "name" | "deployments">): GroupPolicy {
  let byGroup = cache.get(cfg);
  if (!byGroup) {
    byGroup = new Map();
    cache.set(cfg, byGroup);
  }
  const key = `${group.name}\u0000${group.deployments.map((d) => `${d.id}:${d.model}`).join("\u0000")}`;
  let p = byGroup.get(key);
  if (!p) {
    p = buildPolicy(cfg, group.deployments);
    if (byGroup.size < 1000) byGroup.set(key, p);
  }
  return p;
}

function buildPolicy(cfg: RuntimeConfig, deployments: readonly Deployment[]): GroupPolicy {
  const rs = cfg.raw.router_settings;
  const ls = cfg.raw.litellm_settings;
  const strategy = rs.routing_strategy ?? "simple-shuffle";
  return {
    strategy,
    latencyBuffer: rs.routing_strategy_args?.lowest_latency_buffer ?? 0,
    latencyTtlMs: secs(rs.routing_strategy_args?.ttl) ?? DEFAULT_LATENCY_TTL_MS,
    cooldown: {
      allowedFails: rs.allowed_fails ?? ls.allowed_fails ?? DEFAULT_ALLOWED_FAILS,
      allowedFailsPolicy: rs.allowed_fails_policy,
      cooldownMs: secs(rs.cooldown_time ?? ls.cooldown_time) ?? DEFAULT_COOLDOWN_MS,
      disabled: rs.disable_cooldowns === true,
    },
    candidates: deployments.map((d) => candidateOf(d, strategy === "cost-based-routing")),
  };
}

function candidateOf(d: Deployment, priced: boolean): CandidateSpec {
  const c: CandidateSpec = { id: d.id };
  const p = d.params;
  if (p.rpm !== undefined) c.rpm = p.rpm;
  if (p.tpm !== undefined) c.tpm = p.tpm;
  if (p.weight !== undefined) c.weight = p.weight;
  if (p.order !== undefined) c.order = p.order;
  if (p.cooldown_time !== undefined) c.cooldownMs = p.cooldown_time * 1000;
  if (priced) {
    const prices = pricesFor(d, lookupPrice);
    if (prices) c.costPerToken = prices.input + prices.output;
  }
  return c;
}
