import { z } from "zod";
import { Item, OutputItem } from "./items.js";
import { ResponsesToolChoice, Tool } from "./tools.js";

/**
 * The Response object (GET /v1/responses/{id}, the non-stream answer, and the snapshot in stream events).
 * Settings echoed from the request are kept loose: a native deployment's answer is stored as it came.
 */

export const ResponseStatus = z.enum(["completed", "failed", "in_progress", "cancelled", "queued", "incomplete"]);
export type ResponseStatus = z.infer<typeof ResponseStatus>;

export const ResponseUsage = z.looseObject({
  input_tokens: z.number().int(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().int() }),
  output_tokens: z.number().int(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().int() }),
  total_tokens: z.number().int(),
});
export type ResponseUsage = z.infer<typeof ResponseUsage>;

/** `response.error` of a failed response. */
export const ResponseError = z.looseObject({ code: z.string(), message: z.string() });
export type ResponseError = z.infer<typeof ResponseError>;

export const IncompleteDetails = z.looseObject({ reason: z.string().optional() });
export type IncompleteDetails = z.infer<typeof IncompleteDetails>;

export const ResponseObject = z.looseObject({
  id: z.string(),
  object: z.literal("response"),
  /** Unix seconds, as OpenAI sends it. */
  created_at: z.number().int(),
  status: ResponseStatus,
  background: z.boolean().nullish(),
  error: ResponseError.nullable(),
  incomplete_details: IncompleteDetails.nullable(),
  instructions: z.union([z.string(), z.array(Item)]).nullable(),
  max_output_tokens: z.number().int().nullish(),
  model: z.string(),
  output: z.array(OutputItem),
  parallel_tool_calls: z.boolean(),
  previous_response_id: z.string().nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  store: z.boolean().nullish(),
  temperature: z.number().nullable(),
  text: z.looseObject({ format: z.looseObject({ type: z.string() }).nullish() }).nullish(),
  tool_choice: ResponsesToolChoice,
  tools: z.array(Tool),
  top_p: z.number().nullable(),
  truncation: z.string().nullish(),
  usage: ResponseUsage.nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullable(),
});
export type ResponseObject = z.infer<typeof ResponseObject>;

/** GET /v1/responses/{id}/input_items */
export const ItemList = z.looseObject({
  object: z.literal("list"),
  data: z.array(Item),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
  has_more: z.boolean(),
});
export type ItemList = z.infer<typeof ItemList>;

/** DELETE /v1/responses/{id} */
export const DeletedResponse = z.looseObject({
  id: z.string(),
  object: z.literal("response"),
  deleted: z.literal(true),
});
export type DeletedResponse = z.infer<typeof DeletedResponse>;
