import { z } from "zod";

/** Anthropic's Message (the non-stream answer of POST /v1/messages) and its parts. Unknown fields pass through. */

export const StopReason = z.enum([
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
]);
export type StopReason = z.infer<typeof StopReason>;

export const MessagesUsage = z.looseObject({
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cache_creation_input_tokens: z.number().int().nullish(),
  cache_read_input_tokens: z.number().int().nullish(),
  cache_creation: z
    .looseObject({ ephemeral_5m_input_tokens: z.number().int(), ephemeral_1h_input_tokens: z.number().int() })
    .nullish(),
  server_tool_use: z
    .looseObject({ web_search_requests: z.number().int().optional(), web_fetch_requests: z.number().int().optional() })
    .nullish(),
  service_tier: z.string().nullish(),
});
export type MessagesUsage = z.infer<typeof MessagesUsage>;

export const TextBlock = z.looseObject({
  type: z.literal("text"),
  text: z.string(),
  citations: z.array(z.looseObject({ type: z.string() })).nullish(),
});
export const ThinkingBlock = z.looseObject({
  type: z.literal("thinking"),
  thinking: z.string(),
  signature: z.string(),
});
export const RedactedThinkingBlock = z.looseObject({ type: z.literal("redacted_thinking"), data: z.string() });
export const ToolUseBlock = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});
export const ServerToolUseBlock = z.looseObject({
  type: z.literal("server_tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});

const KNOWN = new Set(["text", "thinking", "redacted_thinking", "tool_use", "server_tool_use"]);
/** Server tool results (`web_search_tool_result`, ...) and block types newer than this gateway. */
export const OtherBlock = z.looseObject({
  type: z.string().refine((t) => !KNOWN.has(t), { message: "malformed content block", abort: true }),
});

export const ContentBlock = z.union([
  z.discriminatedUnion("type", [TextBlock, ThinkingBlock, RedactedThinkingBlock, ToolUseBlock, ServerToolUseBlock]),
  OtherBlock,
]);
export type ContentBlock = z.infer<typeof ContentBlock>;

export const Message = z.looseObject({
  id: z.string(),
  type: z.literal("message"),
  role: z.literal("assistant"),
  model: z.string(),
  content: z.array(ContentBlock),
  stop_reason: StopReason.nullable(),
  stop_sequence: z.string().nullable(),
  usage: MessagesUsage,
});
export type Message = z.infer<typeof Message>;
