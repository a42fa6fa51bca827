import { z } from "zod";
import { ContentBlock, Message, StopReason } from "./response.js";
import { AnthropicErrorBody } from "./error.js";

/**
 * Events of a streamed Messages answer (SSE: `event: <type>` + `data: <json>` whose `type` repeats it).
 * Grammar: message_start, then per block content_block_start / content_block_delta* / content_block_stop
 * (indexes 0, 1, ... in order, one open at a time), then message_delta and message_stop; `ping` may come
 * anywhere; `error` ends a stream that fails after it began.
 */

export const MessageStartEvent = z.looseObject({ type: z.literal("message_start"), message: Message });

export const ContentBlockStartEvent = z.looseObject({
  type: z.literal("content_block_start"),
  index: z.number().int().min(0),
  content_block: ContentBlock,
});

export const TextDelta = z.looseObject({ type: z.literal("text_delta"), text: z.string() });
export const InputJsonDelta = z.looseObject({ type: z.literal("input_json_delta"), partial_json: z.string() });
export const ThinkingDelta = z.looseObject({ type: z.literal("thinking_delta"), thinking: z.string() });
/** The whole signature of the open thinking block (replaces, does not append). */
export const SignatureDelta = z.looseObject({ type: z.literal("signature_delta"), signature: z.string() });
export const CitationsDelta = z.looseObject({ type: z.literal("citations_delta"), citation: z.looseObject({}) });

export const BlockDelta = z.discriminatedUnion("type", [
  TextDelta,
  InputJsonDelta,
  ThinkingDelta,
  SignatureDelta,
  CitationsDelta,
]);
export type BlockDelta = z.infer<typeof BlockDelta>;

export const ContentBlockDeltaEvent = z.looseObject({
  type: z.literal("content_block_delta"),
  index: z.number().int().min(0),
  delta: BlockDelta,
});

export const ContentBlockStopEvent = z.looseObject({
  type: z.literal("content_block_stop"),
  index: z.number().int().min(0),
});

/** Usage in message_delta: cumulative totals; output_tokens always, the others when known. */
export const MessageDeltaUsage = z.looseObject({
  output_tokens: z.number().int(),
  input_tokens: z.number().int().nullish(),
  cache_creation_input_tokens: z.number().int().nullish(),
  cache_read_input_tokens: z.number().int().nullish(),
  server_tool_use: z.looseObject({}).nullish(),
});
export type MessageDeltaUsage = z.infer<typeof MessageDeltaUsage>;

export const MessageDeltaEvent = z.looseObject({
  type: z.literal("message_delta"),
  delta: z.looseObject({ stop_reason: StopReason.nullable(), stop_sequence: z.string().nullable() }),
  usage: MessageDeltaUsage,
});

export const MessageStopEvent = z.looseObject({ type: z.literal("message_stop") });
export const PingEvent = z.looseObject({ type: z.literal("ping") });
export const ErrorEvent = AnthropicErrorBody;

export const StreamEvent = z.discriminatedUnion("type", [
  MessageStartEvent,
  ContentBlockStartEvent,
  ContentBlockDeltaEvent,
  ContentBlockStopEvent,
  MessageDeltaEvent,
  MessageStopEvent,
  PingEvent,
  ErrorEvent,
]);
export type StreamEvent = z.infer<typeof StreamEvent>;
export type StreamEventType = StreamEvent["type"];
