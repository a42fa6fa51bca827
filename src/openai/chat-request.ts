import { z } from "zod";
import { MAX_JSON_DEPTH, MAX_TAG_LENGTH, MAX_TAGS, pathPastDepth } from "./client-limits.js";

/** Public wire contract of POST /v1/chat/completions. Unknown fields pass through. */

export const ContentPart = z.union([
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({
    type: z.literal("image_url"),
    image_url: z.union([z.string(), z.looseObject({ url: z.string(), detail: z.string().optional() })]),
  }),
  z.looseObject({
    type: z.literal("input_audio"),
    input_audio: z.looseObject({ data: z.string(), format: z.string() }),
  }),
  z.looseObject({ type: z.literal("file"), file: z.looseObject({}) }),
  z.looseObject({ type: z.literal("thinking"), thinking: z.string(), signature: z.string().optional() }),
  z.looseObject({ type: z.literal("redacted_thinking"), data: z.string() }),
]);
export type ContentPart = z.infer<typeof ContentPart>;

export const ToolCall = z.looseObject({
  id: z.string(),
  type: z.literal("function").default("function"),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof ToolCall>;

const Content = z.union([z.string(), z.array(ContentPart)]);

export const ChatMessage = z.discriminatedUnion("role", [
  z.looseObject({ role: z.literal("system"), content: Content, name: z.string().optional() }),
  z.looseObject({ role: z.literal("developer"), content: Content, name: z.string().optional() }),
  z.looseObject({ role: z.literal("user"), content: Content, name: z.string().optional() }),
  z.looseObject({
    role: z.literal("assistant"),
    content: Content.nullish(),
    name: z.string().optional(),
    tool_calls: z.array(ToolCall).nullish(),
    reasoning_content: z.string().nullish(),
    thinking_blocks: z.array(z.looseObject({ type: z.string() })).nullish(),
  }),
  z.looseObject({ role: z.literal("tool"), content: Content, tool_call_id: z.string() }),
  z.looseObject({ role: z.literal("function"), content: z.string().nullable(), name: z.string() }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

export const FunctionTool = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
  cache_control: z.looseObject({ type: z.string() }).optional(),
});
export type FunctionTool = z.infer<typeof FunctionTool>;

export const ToolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) }),
]);
export type ToolChoice = z.infer<typeof ToolChoice>;

export const ResponseFormat = z.union([
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);
export type ResponseFormat = z.infer<typeof ResponseFormat>;

export const ChatCompletionRequest = z
  .looseObject({
    model: z.string().min(1),
    messages: z.array(ChatMessage).min(1),
    stream: z.boolean().nullish(),
    stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    n: z.number().int().min(1).max(128).nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(16)]).nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    logit_bias: z.record(z.string(), z.number()).nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    seed: z.number().int().nullish(),
    user: z.string().nullish(),
    tools: z.array(FunctionTool).nullish(),
    tool_choice: ToolChoice.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    response_format: ResponseFormat.nullish(),
    reasoning_effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).nullish(),
    thinking: z
      .looseObject({ type: z.enum(["enabled", "disabled"]), budget_tokens: z.number().int().optional() })
      .nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    // Gateway-level fields (LiteLLM-compatible); removed before a request reaches a provider.
    fallbacks: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).nullish(),
    disable_fallbacks: z.boolean().nullish(),
    num_retries: z.number().int().min(0).max(10).nullish(),
    timeout: z.number().positive().nullish(),
    stream_timeout: z.number().positive().nullish(),
    tags: z.array(z.string().max(MAX_TAG_LENGTH)).max(MAX_TAGS).nullish(),
  })
  .superRefine((req, ctx) => {
    // Bounds every later walk over the request (schema conversion, serialisation) to a safe depth.
    const path = pathPastDepth(req, MAX_JSON_DEPTH);
    if (path)
      ctx.addIssue({ code: "custom", path: path.slice(0, 4), message: `nests deeper than ${MAX_JSON_DEPTH} levels` });
  });
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** Fields the gateway itself consumes; never forwarded upstream. */
export const GATEWAY_ONLY_FIELDS = [
  "fallbacks",
  "disable_fallbacks",
  "num_retries",
  "timeout",
  "stream_timeout",
  "tags",
  "api_base",
  "base_url",
  "api_key",
  "api_version",
  "mock_response",
  "caching",
  "context_window_fallback_dict",
] as const;
