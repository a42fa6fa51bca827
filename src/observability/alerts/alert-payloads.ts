import type { Alert } from "./alert.js";

const LEVEL_MARK: Record<Alert["level"], string> = {
  Low: ":information_source:",
  Medium: ":warning:",
  High: ":rotating_light:",
};

/** A Slack incoming-webhook body: one mrkdwn text with the alert's title and figures. */
export function slackPayload(alert: Alert): { text: string } {
  const lines = [
    `${LEVEL_MARK[alert.level]} *${alert.title}*`,
    `*Alert type:* \`${alert.type}\`  *Level:* ${alert.level}`,
    ...alert.fields.map(([k, v]) => `*${k}:* ${v}`),
    `*Time:* ${new Date(alert.at).toISOString()}`,
  ];
  return { text: lines.join("\n") };
}

/**
 * The generic webhook body. Budget alerts carry LiteLLM's webhook event fields (`event`,
 * `event_group`, `spend`, `max_budget`, `token` as the key hash, ...); every alert also carries its
 * type, level, title and figures.
 */
export function webhookPayload(alert: Alert): Record<string, unknown> {
  return {
    ...(alert.webhook ?? {}),
    alert_type: alert.type,
    level: alert.level,
    event_message: (alert.webhook?.event_message as string | undefined) ?? alert.title,
    fields: Object.fromEntries(alert.fields),
    timestamp: new Date(alert.at).toISOString(),
  };
}
