import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfigText } from "../../../src/config/load.js";
import { observabilitySettings } from "../../../src/observability/settings.js";

function problemsOf(yaml: string): string[] {
  try {
    loadConfig(parseConfigText(yaml), () => undefined);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("observability config", () => {
  it("refuses unbounded metric labels, naming the label and the allowed ones", () => {
    const problems = problemsOf(`
litellm_settings:
  prometheus_metrics_config:
    - group: g
      include_labels: [team, end_user]
`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^litellm_settings\.prometheus_metrics_config\[0\]\.include_labels\[1\]: label "end_user" is not allowed/,
    );
    expect(problems[0]).toContain("team, team_alias, hashed_api_key, api_key_alias");
  });

  it("names a wrong alerting channel and a wrong alert type", () => {
    const problems = problemsOf(`
general_settings:
  alerting: [slack, email]
  alert_types: [budget_alerts, daily_reports]
`);
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "general_settings.alerting[1]",
      "general_settings.alert_types[1]",
    ]);
  });

  it("reads LiteLLM's callback lists into sinks, with the defaults of every alert setting", () => {
    const { config } = loadConfig(
      parseConfigText(`
litellm_settings:
  success_callback: [langfuse, generic]
  failure_callback: [webhook]
  callbacks: [otel, prometheus]
  turn_off_message_logging: true
general_settings:
  alerting: [slack]
`),
      () => undefined,
    );
    const s = observabilitySettings(config);
    expect(s.successSinks.sort()).toEqual(["generic_api", "langfuse", "otel"]);
    expect(s.failureSinks.sort()).toEqual(["generic_api", "otel"]);
    expect(s.redactMessages).toBe(true);
    expect(s.budgetAlertShare).toBe(0.8);
    expect(s.alertingThresholdMs).toBe(300_000);
    expect(s.alertTypes.has("outage_alerts")).toBe(true);
  });
});
