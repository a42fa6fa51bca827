import type { Usage } from "../../openai/chat-response.js";
import type { MessagesUsage } from "../../anthropic/response.js";
import { toOpenAIUsage } from "../../providers/anthropic/usage.js";

/** The usage fields a translated Message reports. */
export type TranslatedUsage = Required<
  Pick<MessagesUsage, "input_tokens" | "output_tokens" | "cache_creation_input_tokens" | "cache_read_input_tokens">
>;

/**
 * Chat usage → Anthropic usage. Chat's prompt_tokens includes cached and cache-written tokens; Anthropic's
 * input_tokens does not: input = prompt − cache read − cache write (never below 0). No usage → zeros.
 */
export function messagesUsageOf(u: Usage | null | undefined): TranslatedUsage {
  const read = u?.prompt_tokens_details?.cached_tokens ?? 0;
  const write = u?.prompt_tokens_details?.cache_creation_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (u?.prompt_tokens ?? 0) - read - write),
    output_tokens: u?.completion_tokens ?? 0,
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
  };
}

/** Anthropic usage (a native answer's) → the chat usage accounting prices. */
export function chatUsageOf(u: MessagesUsage | null | undefined): Usage {
  return toOpenAIUsage(u);
}
