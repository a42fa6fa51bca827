import type { Deployment } from "../providers/deployment.js";
import type { Deps } from "../deps.js";
import { GatewayError } from "../errors/gateway-error.js";
import { redactSecrets, safeApiBase, secretValuesOf } from "../errors/redact.js";
import type { ChatCompletionRequest } from "../openai/chat-request.js";
import { callProvider } from "../upstream/call-provider.js";
import { prepareForDeployment } from "./prepare-request.js";
import type { HealthEndpoint, HealthReport } from "../observability/health/health-report.js";

const DEFAULT_HEALTH_TIMEOUT_S = 60;

/**
 * Check each deployment (or those of one model) with a minimal real call (max_tokens 1), all in
 * parallel. Wildcard deployments are checked only with `model_info.health_check_model`. No
 * credential appears in the report: endpoints lose user info and query, errors are redacted.
 */
export async function healthCheck(
  deps: Deps,
  opts: { model?: string; signal?: AbortSignal } = {},
): Promise<HealthReport> {
  const targets: Deployment[] = [];
  for (const d of deps.config.deployments) {
    if (opts.model && d.modelName !== opts.model) continue;
    const probe = d.model.includes("*") ? d.modelInfo.health_check_model : d.model;
    if (typeof probe !== "string" || probe.includes("*")) continue;
    targets.push({ ...d, model: probe.startsWith(`${d.provider}/`) ? probe.slice(d.provider.length + 1) : probe });
  }
  const results = await Promise.all(targets.map((d) => checkOne(deps, d, opts.signal)));
  const healthy = results.filter((r) => r.error === undefined);
  const unhealthy = results.filter((r) => r.error !== undefined);
  return {
    healthy_endpoints: healthy,
    unhealthy_endpoints: unhealthy,
    healthy_count: healthy.length,
    unhealthy_count: unhealthy.length,
  };
}

async function checkOne(deps: Deps, d: Deployment, signal?: AbortSignal): Promise<HealthEndpoint> {
  const entry: HealthEndpoint = {
    model: `${d.provider}/${d.model}`,
    model_name: d.modelName,
    model_id: d.id,
    api_base: safeApiBase(d.params.api_base),
  };
  const timeoutS =
    typeof d.modelInfo.health_check_timeout === "number" ? d.modelInfo.health_check_timeout : DEFAULT_HEALTH_TIMEOUT_S;
  try {
    const adapter = d.adapter.chat;
    if (!adapter) throw new Error(`${d.provider} deployments have no chat health check`);
    const request: ChatCompletionRequest = {
      model: d.model,
      messages: [{ role: "user", content: "ping" }],
      max_tokens: 1,
    };
    const prepared = prepareForDeployment({ request, adapter, deployment: d, dropParams: true });
    await callProvider({
      adapter,
      timeouts: { timeoutMs: timeoutS * 1000 },
      clientSignal: signal,
      ctx: {
        deployment: prepared.deployment,
        request: prepared.request,
        stream: false,
        fetch: deps.fetch,
        now: deps.now,
        requestId: deps.id("health"),
        cache: deps.providerCache,
        bindings: deps.bindings,
      },
    });
    return entry;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      ...entry,
      error: redactSecrets(message, secretValuesOf(d.params)),
      error_type: e instanceof GatewayError ? e.kind : "InternalServerError",
      status: e instanceof GatewayError ? e.status : 500,
    };
  }
}
