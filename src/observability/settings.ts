import { ALERT_TYPES, type AlertType, CALLBACK_NAMES } from "../config/observability-schema.js";
import type { GatewayConfig } from "../config/schema.js";
import { METRICS_FLUSH_INTERVAL_MS } from "./metrics/metrics-accumulator.js";

/** The sinks a callback name delivers to (LiteLLM's `generic` and `webhook` are the generic API sink). */
export type SinkName = "generic_api" | "langfuse" | "otel" | "helicone" | "lunary" | "s3";

export interface MetricLabelRule {
  /** Metric names the labels apply to; empty = all. */
  metrics: string[];
  labels: string[];
}

/** Everything observability reads from the config, resolved once per isolate. */
export interface ObservabilitySettings {
  successSinks: SinkName[];
  failureSinks: SinkName[];
  redactMessages: boolean;
  redactUserInfo: boolean;
  metricLabels: MetricLabelRule[];
  s3Prefix: string;
  alerting: Array<"slack" | "webhook">;
  alertTypes: Set<AlertType>;
  alertWebhookUrls: Partial<Record<AlertType, string>>;
  alertingThresholdMs: number;
  budgetAlertShare: number;
  alertWindowMs: number;
  outageMinDeployments: number;
  spendReportFrequency: "1d" | "7d";
  backgroundHealthChecks: boolean;
  healthCheckIntervalMs: number;
  metricsKey?: string;
  /** Whether request metrics are collected (general_settings.disable_metrics turns them off). */
  metricsEnabled: boolean;
  /** How long an isolate gathers metric changes before one batch goes out. */
  metricsFlushMs: number;
  spendLogsRetentionDays?: number;
}

export function sinkOf(name: string): SinkName | undefined {
  if (name === "generic" || name === "webhook" || name === "generic_api") return "generic_api";
  return (CALLBACK_NAMES as readonly string[]).includes(name) ? (name as SinkName) : undefined;
}

function sinksOf(...lists: Array<string[] | undefined>): SinkName[] {
  const out = new Set<SinkName>();
  for (const l of lists) for (const n of l ?? []) if (sinkOf(n)) out.add(sinkOf(n)!);
  return [...out];
}

export function observabilitySettings(cfg: GatewayConfig): ObservabilitySettings {
  const ls = cfg.litellm_settings;
  const gs = cfg.general_settings;
  const args = gs.alerting_args ?? {};
  return {
    successSinks: sinksOf(ls.success_callback, ls.callbacks),
    failureSinks: sinksOf(ls.failure_callback, ls.callbacks),
    redactMessages: ls.turn_off_message_logging === true || ls.redact_messages === true,
    redactUserInfo: ls.redact_user_api_key_info === true,
    metricLabels: (ls.prometheus_metrics_config ?? []).map((g) => ({
      metrics: g.metrics ?? [],
      labels: g.include_labels,
    })),
    s3Prefix: (ls.s3_callback_params?.s3_path ?? "callbacks").replace(/^\/+|\/+$/g, ""),
    alerting: gs.alerting ?? [],
    alertTypes: new Set(gs.alert_types ?? ALERT_TYPES),
    alertWebhookUrls: gs.alert_to_webhook_url ?? {},
    alertingThresholdMs: (gs.alerting_threshold ?? 300) * 1000,
    budgetAlertShare: args.budget_alert_threshold ?? 0.8,
    alertWindowMs: (args.alert_window_seconds ?? 86_400) * 1000,
    outageMinDeployments: args.outage_min_deployments ?? 2,
    spendReportFrequency: gs.spend_report_frequency ?? "1d",
    backgroundHealthChecks: gs.background_health_checks === true,
    healthCheckIntervalMs: (gs.health_check_interval ?? 300) * 1000,
    metricsKey: gs.metrics_key,
    metricsEnabled: gs.disable_metrics !== true,
    metricsFlushMs: Math.round((gs.metrics_flush_interval ?? METRICS_FLUSH_INTERVAL_MS / 1000) * 1000),
    spendLogsRetentionDays: gs.spend_logs_retention_days,
  };
}

const cache = new WeakMap<object, ObservabilitySettings>();

/** The settings of a parsed config, derived once per config object. */
export function settingsOf(cfg: GatewayConfig): ObservabilitySettings {
  let s = cache.get(cfg);
  if (!s) {
    s = observabilitySettings(cfg);
    cache.set(cfg, s);
  }
  return s;
}
