import type { RequestLog } from "../request-log.js";
import type { MetricLabelRule } from "../settings.js";
import { bucketIndex, type SeriesDelta } from "./metric-batch.js";
import { METRIC_BY_NAME, type MetricName } from "./metric-catalog.js";

/** What a router event says about a deployment (for litellm_deployment_state / _cooled_down). */
export interface DeploymentRef {
  modelName: string;
  deploymentId: string;
  provider: string;
  /** provider/model of the deployment. */
  model: string;
  apiBaseHost: string | null;
}

const statusClass = (s: number) => `${Math.floor(s / 100)}xx`;
const s = (v: string | null | undefined) => v ?? "";

/** The include_labels that apply to a metric (from prometheus_metrics_config). */
export function tenantLabelsFor(metric: string, rules: readonly MetricLabelRule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) if (!r.metrics.length || r.metrics.includes(metric)) for (const l of r.labels) out.add(l);
  return [...out];
}

function tenantValue(log: RequestLog, label: string): string {
  if (label === "team") return s(log.team_id);
  if (label === "team_alias") return s(log.team_alias);
  if (label === "hashed_api_key") return s(log.key_hash);
  return s(log.key_alias); // api_key_alias
}

/** Label sets by what they are made of, per rule list: most requests repeat a handful of them. */
const labelSets = new WeakMap<readonly MetricLabelRule[], Map<string, Map<string, Record<string, string>>>>();
const MAX_LABEL_SETS = 5000;

/**
 * Each metric's labels for this request, built once per distinct combination of the label values
 * and shared after that (read-only: the accumulator copies a series' labels when it first sees it).
 */
function labelCache(log: RequestLog, rules: readonly MetricLabelRule[]): (name: MetricName) => Record<string, string> {
  const group = s(log.model_group);
  const model = log.provider && log.model ? `${log.provider}/${log.model}` : "";
  const parts = [group, model, s(log.deployment_id), s(log.api_base_host), s(log.provider), String(log.status)];
  parts.push(s(log.error_class), s(log.fallback_model), log.operation);
  if (rules.length) parts.push(s(log.team_id), s(log.team_alias), s(log.key_hash), s(log.key_alias));
  const signature = parts.join("\u0001");
  let byRules = labelSets.get(rules);
  if (!byRules) {
    byRules = new Map();
    labelSets.set(rules, byRules);
  }
  let sets = byRules.get(signature);
  if (!sets) {
    if (byRules.size >= MAX_LABEL_SETS) byRules.clear();
    sets = new Map();
    byRules.set(signature, sets);
  }
  const known = sets;
  return (name) => {
    let l = known.get(name);
    if (!l) {
      l = buildLabels(log, rules, name);
      known.set(name, l);
    }
    return l;
  };
}

function buildLabels(log: RequestLog, rules: readonly MetricLabelRule[], name: MetricName): Record<string, string> {
  const group = s(log.model_group);
  const model = log.provider && log.model ? `${log.provider}/${log.model}` : "";
  const base: Record<string, string> = {
    requested_model: group,
    model_group: group,
    model,
    litellm_model_name: model,
    model_id: s(log.deployment_id),
    api_base: s(log.api_base_host),
    api_provider: s(log.provider),
    status_code: String(log.status),
    status_class: statusClass(log.status),
    exception_status: String(log.status),
    exception_class: s(log.error_class),
    fallback_model: s(log.fallback_model),
    operation: log.operation,
  };
  const def = METRIC_BY_NAME.get(name)!;
  const l: Record<string, string> = {};
  for (const k of def.labels) l[k] = base[k] ?? "";
  if (def.tenantLabels) for (const k of tenantLabelsFor(name, rules)) l[k] = tenantValue(log, k);
  return l;
}

/**
 * The series changes one finished request makes. Pure. Label values come only from the config
 * (model groups, deployments, providers, hosts) and from bounded sets (status codes, error
 * classes); the client's own model string, end user and content never become a label.
 */
export function requestDeltas(log: RequestLog, rules: readonly MetricLabelRule[]): SeriesDelta[] {
  const out: SeriesDelta[] = [];
  const labelsOf = labelCache(log, rules);
  const count = (name: MetricName, value = 1) => {
    if (value) out.push({ name, kind: "counter", labels: labelsOf(name), value });
  };
  const observe = (name: MetricName, ms: number | null) => {
    if (ms === null || ms < 0) return;
    out.push({
      name,
      kind: "histogram",
      labels: labelsOf(name),
      value: 1,
      bucket: bucketIndex(ms / 1000),
      sum: ms / 1000,
    });
  };
  const model = log.provider && log.model ? `${log.provider}/${log.model}` : "";
  const failed = log.status >= 400;
  count("litellm_proxy_total_requests_metric");
  count("switchyard_requests_by_operation");
  if (failed) count("litellm_proxy_failed_requests_metric");
  count("litellm_spend_metric", log.cost_micros / 1_000_000);
  count("litellm_total_tokens_metric", log.prompt_tokens + log.completion_tokens);
  count("litellm_input_tokens_metric", log.prompt_tokens);
  count("litellm_output_tokens_metric", log.completion_tokens);
  count("switchyard_request_retries", log.attempted_retries);
  observe("litellm_request_total_latency_metric", log.latency_ms);
  observe("litellm_llm_api_latency_metric", log.llm_api_latency_ms);
  if (log.stream) observe("litellm_llm_api_time_to_first_token_metric", log.ttft_ms);
  observe("litellm_overhead_latency_metric", log.overhead_ms);
  // A deployment counts only when it was called (a refused request was routed but never sent).
  const called = log.deployment_id !== null && log.llm_api_latency_ms !== null;
  if (called) {
    count("litellm_deployment_total_requests");
    count(failed ? "litellm_deployment_failure_responses" : "litellm_deployment_success_responses");
  }
  if (log.attempted_fallbacks > 0) {
    const name = failed ? "litellm_deployment_failed_fallbacks" : "litellm_deployment_successful_fallbacks";
    // LiteLLM labels a fallback with the group the request named and the group it fell back to.
    const labels = Object.assign({}, labelsOf(name), {
      requested_model: s(log.primary_model_group ?? log.model_group),
    });
    out.push({ name, kind: "counter", labels, value: 1 });
  }
  // A deployment that answered is healthy (failures and cooldowns come from the router's events).
  if (!failed && called)
    out.push({
      name: "litellm_deployment_state",
      kind: "gauge",
      labels: {
        litellm_model_name: model,
        model_id: s(log.deployment_id),
        api_base: s(log.api_base_host),
        api_provider: s(log.provider),
      },
      value: 0,
      at: log.created_at + log.latency_ms,
    });
  if (log.model_group) count(log.cache_hit ? "litellm_cache_hits_metric" : "litellm_cache_misses_metric");
  for (const b of log.budgets) {
    if (b.max_budget_micros === null) continue;
    const remaining = (b.max_budget_micros - b.spend_micros) / 1_000_000;
    if (b.scope === "team")
      out.push(gauge("litellm_remaining_team_budget_metric", { team: b.id, team_alias: s(b.alias) }, remaining, log));
    if (b.scope === "key")
      out.push(
        gauge(
          "litellm_remaining_api_key_budget_metric",
          { hashed_api_key: b.id, api_key_alias: s(b.alias) },
          remaining,
          log,
        ),
      );
  }
  return out;
}

function gauge(name: MetricName, labels: Record<string, string>, value: number, log: RequestLog): SeriesDelta {
  return { name, kind: "gauge", labels, value, at: log.created_at + log.latency_ms };
}

function deploymentLabels(d: DeploymentRef): Record<string, string> {
  return {
    litellm_model_name: d.model,
    model_id: d.deploymentId,
    api_base: s(d.apiBaseHost),
    api_provider: d.provider,
  };
}

/** litellm_deployment_state: 0 healthy, 1 partial outage, 2 complete outage. */
export function deploymentStateDelta(d: DeploymentRef, state: 0 | 1 | 2, at: number): SeriesDelta {
  return { name: "litellm_deployment_state", kind: "gauge", labels: deploymentLabels(d), value: state, at };
}

export function cooldownDelta(d: DeploymentRef, exceptionStatus: number): SeriesDelta {
  return {
    name: "litellm_deployment_cooled_down",
    kind: "counter",
    labels: { ...deploymentLabels(d), exception_status: String(exceptionStatus) },
    value: 1,
  };
}
