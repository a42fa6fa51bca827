/**
 * Every metric /metrics serves, with LiteLLM's names and label names so its dashboards and alert
 * rules keep working. Labels are bounded: model group, deployment, provider, API host, status and
 * error class come from the config and the gateway's own error classes. Team and key labels are
 * added only where `prometheus_metrics_config.include_labels` asks for them; end users, user ids,
 * request ids and prompt text are never labels.
 */
export type MetricKind = "counter" | "gauge" | "histogram";

export interface MetricDef {
  name: string;
  help: string;
  kind: MetricKind;
  /** The bounded labels every series of this metric has. */
  labels: readonly string[];
  /** Whether include_labels (team, team_alias, hashed_api_key, api_key_alias) may add labels. */
  tenantLabels: boolean;
}

/** LiteLLM's latency buckets, in seconds (fixed: every isolate and every scrape agree on them). */
export const LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.00625, 0.0125, 0.025, 0.05, 0.1, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5,
  10, 15, 20, 25, 30, 60, 120, 180, 240, 300,
];

const REQ = ["requested_model", "model_group"] as const;
const DEPLOYMENT = ["litellm_model_name", "model_id", "api_base", "api_provider"] as const;

const def = (
  name: string,
  kind: MetricKind,
  labels: readonly string[],
  help: string,
  tenantLabels = true,
): MetricDef => ({
  name,
  kind,
  labels,
  help,
  tenantLabels,
});

export const METRICS = [
  def(
    "litellm_proxy_total_requests_metric",
    "counter",
    [...REQ, "status_code", "status_class"],
    "Requests made to the proxy",
  ),
  def(
    "litellm_proxy_failed_requests_metric",
    "counter",
    [...REQ, "exception_status", "exception_class"],
    "Requests that failed at the proxy",
  ),
  def("litellm_spend_metric", "counter", ["model", "model_group", "api_provider"], "Spend on LLM requests (USD)"),
  def("litellm_total_tokens_metric", "counter", ["model", "model_group", "api_provider"], "Input + output tokens"),
  def("litellm_input_tokens_metric", "counter", ["model", "model_group", "api_provider"], "Input tokens"),
  def("litellm_output_tokens_metric", "counter", ["model", "model_group", "api_provider"], "Output tokens"),
  def(
    "litellm_request_total_latency_metric",
    "histogram",
    ["model", "model_group", "api_provider"],
    "Total latency of a request through the proxy (seconds)",
  ),
  def(
    "litellm_llm_api_latency_metric",
    "histogram",
    ["model", "model_group", "api_provider"],
    "Latency of the LLM API calls (seconds)",
  ),
  def(
    "litellm_llm_api_time_to_first_token_metric",
    "histogram",
    ["model", "model_group", "api_provider"],
    "Time to the first token of a streamed response (seconds)",
  ),
  def(
    "litellm_overhead_latency_metric",
    "histogram",
    ["model_group", "api_provider", "api_base", "litellm_model_name"],
    "Latency the proxy adds on top of the LLM API calls (seconds)",
  ),
  def(
    "litellm_deployment_success_responses",
    "counter",
    [...DEPLOYMENT, "requested_model"],
    "Successful responses per deployment",
  ),
  def(
    "litellm_deployment_failure_responses",
    "counter",
    [...DEPLOYMENT, "requested_model", "exception_status", "exception_class"],
    "Failed responses per deployment",
  ),
  def("litellm_deployment_total_requests", "counter", [...DEPLOYMENT, "requested_model"], "Requests per deployment"),
  def(
    "litellm_deployment_successful_fallbacks",
    "counter",
    ["requested_model", "fallback_model", "exception_status", "exception_class"],
    "Requests that succeeded on a fallback model group",
  ),
  def(
    "litellm_deployment_failed_fallbacks",
    "counter",
    ["requested_model", "fallback_model", "exception_status", "exception_class"],
    "Requests that failed on a fallback model group",
  ),
  def("litellm_cache_hits_metric", "counter", ["model", "model_group"], "Responses served from the cache"),
  def("litellm_cache_misses_metric", "counter", ["model", "model_group"], "Requests the cache could not serve"),
  def(
    "litellm_deployment_state",
    "gauge",
    DEPLOYMENT,
    "Deployment state: 0 healthy, 1 partial outage, 2 complete outage",
    false,
  ),
  def(
    "litellm_deployment_cooled_down",
    "counter",
    [...DEPLOYMENT, "exception_status"],
    "Times a deployment was cooled down",
    false,
  ),
  def(
    "litellm_remaining_team_budget_metric",
    "gauge",
    ["team", "team_alias"],
    "Remaining budget of a team (USD)",
    false,
  ),
  def(
    "litellm_remaining_api_key_budget_metric",
    "gauge",
    ["hashed_api_key", "api_key_alias"],
    "Remaining budget of a key (USD)",
    false,
  ),
  def("switchyard_requests_by_operation", "counter", ["operation", "status_class"], "Requests per operation"),
  def("switchyard_request_retries", "counter", ["model_group"], "Retries on another deployment"),
] as const satisfies readonly MetricDef[];

export type MetricName = (typeof METRICS)[number]["name"];

export const METRIC_BY_NAME: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.name, m]));
