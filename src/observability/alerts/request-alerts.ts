import type { RequestLog } from "../request-log.js";
import type { Alert } from "./alert.js";

/** Error classes that say the provider (not the request) failed: they count toward an outage. */
export const OUTAGE_ERROR_CLASSES = new Set([
  "InternalServerError",
  "BadGatewayError",
  "ServiceUnavailableError",
  "TimeoutError",
  "APIConnectionError",
]);

function who(log: RequestLog): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (log.key_alias) out.push(["Key alias", log.key_alias]);
  if (log.team_alias ?? log.team_id) out.push(["Team", (log.team_alias ?? log.team_id)!]);
  return out;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** llm_too_slow: a request that took longer than alerting_threshold (once per deployment per window). */
export function slowRequestAlert(log: RequestLog, thresholdMs: number, now: number): Alert | undefined {
  if (log.latency_ms <= thresholdMs || log.status >= 400) return undefined;
  return {
    type: "llm_too_slow",
    level: "Low",
    title: `Slow responses from ${log.model_group ?? "a model"} (${log.deployment_id ?? "no deployment"})`,
    fields: [
      ["Model group", log.model_group ?? ""],
      ["Deployment", log.deployment_id ?? ""],
      ["Provider", log.provider ?? ""],
      ["Latency", secs(log.latency_ms)],
      ["Threshold", secs(thresholdMs)],
      ...who(log),
    ],
    condition: `llm_too_slow:${log.model_group}:${log.deployment_id}`,
    at: now,
  };
}

/** llm_requests_hanging: a request still running past alerting_threshold. */
export function hangingRequestAlert(
  req: { modelGroup: string | null; keyAlias: string | null; teamId: string | null },
  thresholdMs: number,
  now: number,
): Alert {
  return {
    type: "llm_requests_hanging",
    level: "Medium",
    title: `Requests to ${req.modelGroup ?? "a model"} are hanging (no answer after ${secs(thresholdMs)})`,
    fields: [
      ["Model group", req.modelGroup ?? ""],
      ["Threshold", secs(thresholdMs)],
      ...(req.keyAlias ? [["Key alias", req.keyAlias] as [string, string]] : []),
      ...(req.teamId ? [["Team", req.teamId] as [string, string]] : []),
    ],
    condition: `llm_requests_hanging:${req.modelGroup}`,
    at: now,
  };
}

/** outage_alerts: several deployments of one provider failing within a minute. */
export function outageAlert(log: RequestLog, failingDeployments: number, now: number): Alert {
  return {
    type: "outage_alerts",
    level: "High",
    title: `Possible ${log.provider} outage: ${failingDeployments} deployments failing`,
    fields: [
      ["Provider", log.provider ?? ""],
      ["Failing deployments (last minute)", String(failingDeployments)],
      ["Last error", `${log.error_class ?? "error"} (${log.status})`],
      ["Last model group", log.model_group ?? ""],
    ],
    condition: `outage_alerts:${log.provider}`,
    at: now,
  };
}

/** cooldown_deployment: the router took a deployment out of rotation. */
export function cooldownAlert(
  d: { deploymentId: string; modelName: string; provider: string },
  exceptionStatus: number,
  cooldownSeconds: number | undefined,
  now: number,
): Alert {
  return {
    type: "cooldown_deployment",
    level: "Medium",
    title: `Deployment ${d.deploymentId} of ${d.modelName} cooled down`,
    fields: [
      ["Model group", d.modelName],
      ["Deployment", d.deploymentId],
      ["Provider", d.provider],
      ["Last status", String(exceptionStatus)],
      ...(cooldownSeconds === undefined ? [] : [["Cooldown", `${cooldownSeconds} s`] as [string, string]]),
    ],
    condition: `cooldown_deployment:${d.deploymentId}`,
    at: now,
  };
}

/** failed_tracking: spend records that could not be written (the spend log lost them). */
export function failedTrackingAlert(info: { records: number; error: string }, now: number): Alert {
  return {
    type: "failed_tracking",
    level: "High",
    title: `Spend tracking failed for ${info.records} request(s)`,
    fields: [
      ["Records", String(info.records)],
      ["Error", info.error.slice(0, 300)],
    ],
    condition: "failed_tracking",
    at: now,
  };
}
