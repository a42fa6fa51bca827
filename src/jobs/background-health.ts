import type { Deps } from "../deps.js";
import { healthCheck } from "../pipeline/health-check.js";
import type { HealthReport } from "../observability/health/health-report.js";
import type { DeploymentRef } from "../observability/metrics/request-metrics.js";
import { deploymentRef } from "../pipeline/router-events.js";
import type { HealthStore, StoredHealth } from "../observability/ports.js";

/** A cron minute may fire a little early; a check this close to due counts as due. */
const EARLY_SLACK_MS = 30_000;

/**
 * Background health checks (general_settings.background_health_checks): from a Cron Trigger,
 * run GET /health's check of every deployment when `intervalMs` has passed since the last one,
 * and store the result for GET /health to answer from. Returns the new result, or undefined when
 * the last one is still fresh.
 */
export async function runBackgroundHealthCheck(
  deps: Deps,
  opts: { store: HealthStore; intervalMs: number },
): Promise<StoredHealth | undefined> {
  const now = deps.now();
  const last = await opts.store.latest();
  if (last && now - last.checked_at < opts.intervalMs - EARLY_SLACK_MS) return undefined;
  const result: StoredHealth = { checked_at: now, report: await healthCheck(deps) };
  await opts.store.save(result);
  return result;
}

/** The stored report, narrowed to one model group when asked. */
export function storedReport(h: StoredHealth, model?: string): HealthReport & { last_checked_at: string } {
  const pick = (list: HealthReport["healthy_endpoints"]) => (model ? list.filter((e) => e.model_name === model) : list);
  const healthy = pick(h.report.healthy_endpoints);
  const unhealthy = pick(h.report.unhealthy_endpoints);
  return {
    healthy_endpoints: healthy,
    unhealthy_endpoints: unhealthy,
    healthy_count: healthy.length,
    unhealthy_count: unhealthy.length,
    last_checked_at: new Date(h.checked_at).toISOString(),
  };
}

/** One deployment's health-check outcome, as the router's cooldowns and the state gauge take it. */
export interface HealthOutcome {
  deployment: DeploymentRef;
  healthy: boolean;
  /** HTTP status of the failure (for the router's cooldown rules); undefined when healthy. */
  status?: number;
  errorType?: string;
}

/**
 * Every checked deployment's outcome. The router can feed the failures into its cooldowns
 * (`status` and `errorType` are what a failed request would report); the metrics take each as
 * litellm_deployment_state (0 healthy, 2 complete outage).
 */
export function healthOutcomes(deps: Deps, report: HealthReport): HealthOutcome[] {
  const byId = new Map(deps.config.deployments.map((d) => [d.id, d]));
  const ref = (id: string): DeploymentRef | undefined => {
    const d = byId.get(id);
    return d ? deploymentRef(d) : undefined;
  };
  const out: HealthOutcome[] = [];
  for (const e of report.healthy_endpoints) {
    const deployment = ref(e.model_id);
    if (deployment) out.push({ deployment, healthy: true });
  }
  for (const e of report.unhealthy_endpoints) {
    const deployment = ref(e.model_id);
    if (deployment) out.push({ deployment, healthy: false, status: e.status, errorType: e.error_type });
  }
  return out;
}
