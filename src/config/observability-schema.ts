import { z } from "zod";
import type { GatewayConfig } from "./schema.js";

/**
 * The observability parts of config.yaml (LiteLLM's names): logging callbacks and Prometheus
 * labels under `litellm_settings`, alerting, background health checks, the metrics scrape key and
 * spend-log retention under `general_settings`. Merged into schema.ts's sections.
 */

/** Callback names Switchyard delivers to (LiteLLM's names; `generic`/`webhook` are generic_api). */
export const CALLBACK_NAMES = [
  "generic_api",
  "generic",
  "webhook",
  "langfuse",
  "otel",
  "helicone",
  "lunary",
  "s3",
] as const;
/** Names that only switch a built-in feature on (metrics are always collected; `prometheus` is accepted). */
export const BUILTIN_CALLBACKS = ["prometheus"] as const;

const CallbackList = z.array(z.string().min(1));

/**
 * Labels a Prometheus metric group may add on top of the bounded defaults. Unbounded labels (end
 * user, user id, request id, prompt text) are refused: one end user must never make a new series.
 */
export const OPTIONAL_METRIC_LABELS = ["team", "team_alias", "hashed_api_key", "api_key_alias"] as const;

export const PrometheusMetricsGroup = z.object({
  group: z.string().optional(),
  /** Metric names this group's labels apply to; empty or absent = every metric. */
  metrics: z.array(z.string()).optional(),
  include_labels: z.array(
    z.enum(OPTIONAL_METRIC_LABELS, {
      error: (i) =>
        `label ${JSON.stringify(i.input)} is not allowed (unbounded or unknown); allowed: ${OPTIONAL_METRIC_LABELS.join(", ")}`,
    }),
  ),
});

export const ObservabilityLitellmSettings = {
  success_callback: CallbackList.optional(),
  failure_callback: CallbackList.optional(),
  callbacks: CallbackList.optional(),
  /** Send metadata only: no messages, no responses, in any callback payload. */
  redact_messages: z.boolean().optional(),
  /** Leave key alias, key hash, user and team out of callback payloads. */
  redact_user_api_key_info: z.boolean().optional(),
  prometheus_metrics_config: z.array(PrometheusMetricsGroup).optional(),
  s3_callback_params: z
    .looseObject({
      /** Object-key prefix inside the R2 bucket (LiteLLM's s3_path). */
      s3_path: z.string().optional(),
      s3_bucket_name: z.string().optional(),
    })
    .optional(),
};

export const ALERT_TYPES = [
  "budget_alerts",
  "spend_reports",
  "failed_tracking",
  "llm_too_slow",
  "llm_requests_hanging",
  "cooldown_deployment",
  "outage_alerts",
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

const Seconds = z.number().positive();

export const ObservabilityGeneralSettings = {
  alerting: z.array(z.enum(["slack", "webhook"])).optional(),
  /** Seconds: a request slower than this is "too slow"; one still running past it is "hanging". */
  alerting_threshold: Seconds.optional(),
  alert_types: z.array(z.enum(ALERT_TYPES)).optional(),
  /** Per alert type, a webhook URL that receives it instead of WEBHOOK_URL / SLACK_WEBHOOK_URL. */
  alert_to_webhook_url: z.partialRecord(z.enum(ALERT_TYPES), z.string().url()).optional(),
  alerting_args: z
    .looseObject({
      /** Share of max_budget at which a budget alert fires (0..1; 0.8 = 80%). */
      budget_alert_threshold: z.number().gt(0).lte(1).optional(),
      /** Seconds one alert condition stays quiet after it fired (default one day). */
      alert_window_seconds: Seconds.optional(),
      /** Failures of distinct deployments of one provider, within a minute, that make an outage. */
      outage_min_deployments: z.number().int().min(1).optional(),
    })
    .optional(),
  /** "1d" (daily, the default) or "7d" (weekly, Mondays) spend reports. */
  spend_report_frequency: z.enum(["1d", "7d"]).optional(),
  background_health_checks: z.boolean().optional(),
  /** Seconds between background health checks (default 300). */
  health_check_interval: Seconds.optional(),
  /** A scrape-only key for GET /metrics (the master key works too). */
  metrics_key: z.string().min(8).optional(),
  /** Switchyard: collect no Prometheus metrics (GET /metrics then serves none). */
  disable_metrics: z.boolean().optional(),
  /** Switchyard: seconds an isolate gathers metric changes before it sends them (default 5; the loss bound). */
  metrics_flush_interval: z.number().min(0.05).max(60).optional(),
  /** Days raw spend-log rows stay in D1; older ones are exported to R2, then deleted. Absent = kept. */
  spend_logs_retention_days: z.number().int().min(1).optional(),
};

/** One warning per callback name Switchyard does not deliver to (never silently ignored). */
export function callbackWarnings(cfg: GatewayConfig): string[] {
  const ls = cfg.litellm_settings;
  const known = new Set<string>([...CALLBACK_NAMES, ...BUILTIN_CALLBACKS]);
  const out: string[] = [];
  for (const [field, list] of [
    ["success_callback", ls.success_callback],
    ["failure_callback", ls.failure_callback],
    ["callbacks", ls.callbacks],
  ] as const)
    for (const n of list ?? [])
      if (!known.has(n))
        out.push(
          `litellm_settings.${field}: callback "${n}" is not supported by Switchyard and is ignored (supported: ${[...known].join(", ")})`,
        );
  return out;
}
