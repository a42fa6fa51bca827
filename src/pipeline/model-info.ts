import type { Deployment } from "../providers/deployment.js";
import type { Deps } from "../deps.js";
import { safeApiBase } from "../errors/redact.js";
import { displayMode, endpointsOf } from "../accounting/model-mode.js";
import type { Principal } from "../state/principal.js";
import { modelAllowed } from "../access/model-access.js";
import { groupPolicy, needsState } from "../routing/group-policy.js";
import type { DeploymentLiveState } from "../routing/router-types.js";

/** litellm_params shown to callers: an allow-list, so no credential or header can slip through. */
const SHOWN_PARAMS = [
  "model",
  "api_version",
  "rpm",
  "tpm",
  "weight",
  "order",
  "timeout",
  "stream_timeout",
  "max_retries",
  "cooldown_time",
  "max_tokens",
  "drop_params",
  "vertex_project",
  "vertex_location",
  "aws_region_name",
  "input_cost_per_token",
  "output_cost_per_token",
] as const;

export interface ModelInfoEntry {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
  /** Live routing state; null when the group keeps none (a lone deployment without rpm/tpm). */
  state: DeploymentLiveState | null;
}

/** Every deployment the caller may use, without secrets, with its live routing state. */
export async function modelInfo(deps: Deps, principal: Principal): Promise<{ data: ModelInfoEntry[] }> {
  const cfg = deps.config;
  const groups: Array<{ group: string; deployments: Deployment[] }> = [...cfg.groups].map(([group, deployments]) => ({
    group,
    deployments,
  }));
  for (const w of cfg.wildcards) groups.push({ group: w.modelName, deployments: w.entries });
  const live = new Map<string, DeploymentLiveState>();
  await Promise.all(
    groups.map(async ({ group, deployments }) => {
      if (!modelAllowed(principal, group) || !deps.state.router || !needsState(cfg, deployments)) return;
      const policy = groupPolicy(cfg, { name: group, deployments });
      try {
        const states = await deps.state.router.inspect(
          group,
          deployments.map((d) => d.id),
          policy.latencyTtlMs,
        );
        for (const s of states) live.set(s.id, s);
      } catch (e) {
        deps.log.warn("routing state unavailable for model info", {
          group,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }),
  );
  const data: ModelInfoEntry[] = [];
  for (const { group, deployments } of groups) {
    if (!modelAllowed(principal, group)) continue;
    for (const d of deployments) data.push(entryOf(d, live.get(d.id) ?? null));
  }
  return { data };
}

function entryOf(d: Deployment, state: DeploymentLiveState | null): ModelInfoEntry {
  const params: Record<string, unknown> = {};
  const p = d.params as Record<string, unknown>;
  for (const k of SHOWN_PARAMS) if (p[k] !== undefined) params[k] = p[k];
  const base = safeApiBase(d.params.api_base);
  if (base) params.api_base = base;
  return {
    model_name: d.modelName,
    litellm_params: params,
    model_info: {
      ...d.modelInfo,
      id: d.id,
      provider: d.provider,
      mode: displayMode(d),
      supported_endpoints: endpointsOf(d),
    },
    state,
  };
}
