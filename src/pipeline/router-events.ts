import type { Deps } from "../deps.js";
import type { DeploymentRef } from "../observability/metrics/request-metrics.js";
import { apiBaseHost } from "../observability/request-log.js";
import type { Deployment } from "../providers/deployment.js";
import type { RouterEvents } from "../routing/router.js";

/** How metrics and alerts name a deployment (no endpoint path, no credentials). */
export function deploymentRef(d: Deployment): DeploymentRef {
  return {
    modelName: d.modelName,
    deploymentId: d.id,
    provider: d.provider,
    model: `${d.provider}/${d.model}`,
    apiBaseHost: apiBaseHost(d.params.api_base),
  };
}

/**
 * The router's deployment events, handed to the observer (LiteLLM's litellm_deployment_state:
 * a deployment whose attempt failed is in partial outage, 1; a cooled one in complete outage, 2;
 * a success sets 0 through the request's own metrics). Undefined without an observer.
 */
export function routerEventsFor(deps: Deps): RouterEvents | undefined {
  const o = deps.observer;
  if (!o) return undefined;
  return {
    deploymentFailed: (_group, d) => o.deploymentState(deploymentRef(d), 1, deps.defer),
    deploymentCooledDown: (group, d, c) => {
      const ref: DeploymentRef = d
        ? deploymentRef(d)
        : { modelName: group, deploymentId: c.id, provider: "", model: "", apiBaseHost: null };
      o.deploymentState(ref, 2, deps.defer);
      o.cooldown(ref, c.failure.status, deps.defer, Math.max(0, Math.round((c.until - deps.now()) / 1000)));
    },
  };
}
