import { z } from "zod";
import { GatewayFields } from "../openai/gateway-fields.js";
import { Item } from "./items.js";
import { ResponsesToolChoice, Tool } from "./tools.js";

/** Public wire contract of POST /v1/responses. Unknown fields pass through (new OpenAI params must not break). */

export const TextFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);
export type TextFormat = z.infer<typeof TextFormat>;

export const TextConfig = z.looseObject({
  format: TextFormat.nullish(),
  verbosity: z.enum(["low", "medium", "high"]).nullish(),
});
export type TextConfig = z.infer<typeof TextConfig>;

export const ReasoningEffort = z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]);
export const ReasoningSummary = z.enum(["auto", "concise", "detailed"]);

export const ReasoningConfig = z.looseObject({
  effort: ReasoningEffort.nullish(),
  summary: ReasoningSummary.nullish(),
  /** Deprecated spelling of `summary`, still accepted by OpenAI. */
  generate_summary: ReasoningSummary.nullish(),
});
export type ReasoningConfig = z.infer<typeof ReasoningConfig>;

/** The gateway's own fields (fallbacks, num_retries, tags, ...) are typed as for every operation; `metadata` and `user` are OpenAI's. */
export const ResponseCreateRequest = z.looseObject({
  ...GatewayFields,
  model: z.string().min(1),
  input: z.union([z.string(), z.array(Item)]).optional(),
  instructions: z.string().nullish(),
  tools: z.array(Tool).nullish(),
  tool_choice: ResponsesToolChoice.nullish(),
  text: TextConfig.nullish(),
  reasoning: ReasoningConfig.nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_obfuscation: z.boolean().optional() }).nullish(),
  background: z.boolean().nullish(),
  include: z.array(z.string()).nullish(),
  truncation: z.enum(["auto", "disabled"]).nullish(),
});
export type ResponseCreateRequest = z.infer<typeof ResponseCreateRequest>;
