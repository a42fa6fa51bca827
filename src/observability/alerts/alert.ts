import { z } from "zod";
import { ALERT_TYPES } from "../../config/observability-schema.js";

/**
 * One alert, as it travels through the queue to Slack or a webhook. It names the key alias, team
 * and figures it is about; never a key, a secret or message content.
 */
export const Alert = z.object({
  type: z.enum(ALERT_TYPES),
  level: z.enum(["Low", "Medium", "High"]),
  /** One line a person reads first. */
  title: z.string(),
  /** The figures, in display order (e.g. "Spend": "$8.00", "Max budget": "$10.00"). */
  fields: z.array(z.tuple([z.string(), z.string()])),
  /** The deduplication key: the condition this alert is about (once per window). */
  condition: z.string(),
  at: z.number().int(),
  /** LiteLLM's webhook event fields for budget alerts (event, event_group, spend, max_budget, ...). */
  webhook: z.record(z.string(), z.unknown()).optional(),
});
export type Alert = z.infer<typeof Alert>;
