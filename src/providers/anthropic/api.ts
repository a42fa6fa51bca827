import { z } from "zod";

/** Minimal, null-tolerant shapes of Anthropic's Messages API: only the fields the gateway reads. */

export const AnthropicUsage = z.looseObject({
  input_tokens: z.number().int().nullish(),
  output_tokens: z.number().int().nullish(),
  cache_creation_input_tokens: z.number().int().nullish(),
  cache_read_input_tokens: z.number().int().nullish(),
});
export type AnthropicUsage = z.infer<typeof AnthropicUsage>;

/** One content block of any type (text, tool_use, thinking, redacted_thinking, server blocks, ...). */
export const AnthropicBlock = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
  data: z.string().nullish(),
});
export type AnthropicBlock = z.infer<typeof AnthropicBlock>;

export const AnthropicMessage = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(AnthropicBlock).nullish(),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: AnthropicUsage.nullish(),
});
export type AnthropicMessage = z.infer<typeof AnthropicMessage>;

/** Any stream event: `type` decides which of the shapes below applies. */
export const StreamEventHead = z.looseObject({ type: z.string() });

export const MessageStartEvent = z.looseObject({ message: AnthropicMessage });

export const ContentBlockStartEvent = z.looseObject({ index: z.number().int(), content_block: AnthropicBlock });

export const ContentBlockDeltaEvent = z.looseObject({
  index: z.number().int(),
  delta: z.looseObject({
    type: z.string(),
    text: z.string().nullish(),
    partial_json: z.string().nullish(),
    thinking: z.string().nullish(),
    signature: z.string().nullish(),
  }),
});

export const ContentBlockStopEvent = z.looseObject({ index: z.number().int() });

export const MessageDeltaEvent = z.looseObject({
  delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }).nullish(),
  usage: AnthropicUsage.nullish(),
});

/** `{type: "error", error: {type, message}}`: HTTP error bodies and in-stream `error` events. */
export const AnthropicErrorBody = z.looseObject({
  error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }),
});

/** `cache_control` as clients send it on content parts, tools and messages. */
export const CacheControl = z.looseObject({ type: z.string(), ttl: z.string().optional() });
export type CacheControl = z.infer<typeof CacheControl>;

/** Outbound request pieces (built by the gateway, so plain types rather than schemas). */
export type AnthropicContentBlock = { type: string } & Record<string, unknown>;
export interface AnthropicTurn {
  role: "user" | "assistant";
  content: AnthropicContentBlock[];
}
