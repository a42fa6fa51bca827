import { z } from "zod";
import { ToolCall } from "./chat-request.js";

export const FinishReason = z.enum(["stop", "length", "tool_calls", "content_filter", "function_call"]);
export type FinishReason = z.infer<typeof FinishReason>;

export const Usage = z.looseObject({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  prompt_tokens_details: z
    .looseObject({
      cached_tokens: z.number().int().optional(),
      cache_creation_tokens: z.number().int().optional(),
      audio_tokens: z.number().int().optional(),
    })
    .nullish(),
  completion_tokens_details: z
    .looseObject({
      reasoning_tokens: z.number().int().optional(),
      audio_tokens: z.number().int().optional(),
    })
    .nullish(),
});
export type Usage = z.infer<typeof Usage>;

export const ThinkingBlock = z.looseObject({
  type: z.enum(["thinking", "redacted_thinking"]),
  thinking: z.string().optional(),
  signature: z.string().optional(),
  data: z.string().optional(),
});
export type ThinkingBlock = z.infer<typeof ThinkingBlock>;

export const AssistantMessage = z.looseObject({
  role: z.literal("assistant"),
  content: z.string().nullable(),
  refusal: z.string().nullish(),
  tool_calls: z.array(ToolCall).optional(),
  reasoning_content: z.string().optional(),
  thinking_blocks: z.array(ThinkingBlock).optional(),
});
export type AssistantMessage = z.infer<typeof AssistantMessage>;

export const ChatCompletion = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().int(),
      message: AssistantMessage,
      finish_reason: FinishReason.nullable(),
      logprobs: z.unknown().nullish(),
    }),
  ),
  usage: Usage.optional(),
});
export type ChatCompletion = z.infer<typeof ChatCompletion>;

export const ToolCallDelta = z.looseObject({
  index: z.number().int(),
  id: z.string().optional(),
  type: z.literal("function").optional(),
  function: z.looseObject({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
});
export type ToolCallDelta = z.infer<typeof ToolCallDelta>;

export const ChunkDelta = z.looseObject({
  role: z.literal("assistant").optional(),
  content: z.string().nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(ToolCallDelta).optional(),
  reasoning_content: z.string().optional(),
  thinking_blocks: z.array(ThinkingBlock).optional(),
});
export type ChunkDelta = z.infer<typeof ChunkDelta>;

export const ChatCompletionChunk = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().int(),
      delta: ChunkDelta,
      finish_reason: FinishReason.nullable(),
      logprobs: z.unknown().nullish(),
    }),
  ),
  usage: Usage.nullish(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunk>;
