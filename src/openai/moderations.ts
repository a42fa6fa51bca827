import { z } from "zod";
import { GatewayFields } from "./gateway-fields.js";

/** Public wire contract of POST /v1/moderations. Unknown fields pass through. */

const ModerationPart = z.union([
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({ type: z.literal("image_url"), image_url: z.looseObject({ url: z.string() }) }),
]);

export const ModerationRequest = z.looseObject({
  /** Optional as in OpenAI's API: without it the gateway uses its one moderation group, if it has exactly one. */
  model: z.string().min(1).nullish(),
  input: z.union([
    z.string().min(1, "input must not be empty"),
    z.array(z.string()).min(1, "input must not be empty").max(256),
    z.array(ModerationPart).min(1, "input must not be empty").max(256),
  ]),
  ...GatewayFields,
});
export type ModerationRequest = z.infer<typeof ModerationRequest>;

export const ModerationResult = z.looseObject({
  flagged: z.boolean(),
  categories: z.record(z.string(), z.boolean().nullable()),
  category_scores: z.record(z.string(), z.number()),
  category_applied_input_types: z.record(z.string(), z.array(z.string())).optional(),
});
export type ModerationResult = z.infer<typeof ModerationResult>;

export const ModerationResponse = z.object({
  id: z.string(),
  model: z.string(),
  results: z.array(ModerationResult),
});
export type ModerationResponse = z.infer<typeof ModerationResponse>;
