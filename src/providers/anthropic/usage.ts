import type { Usage } from "../../openai/chat-response.js";
import { makeUsage } from "../shared/chunks.js";
import type { AnthropicUsage } from "./api.js";

/**
 * Anthropic usage → OpenAI usage. OpenAI's prompt_tokens includes cached tokens, Anthropic's
 * input_tokens does not: prompt_tokens = input + cache_read + cache_creation.
 */
export function toOpenAIUsage(u: AnthropicUsage | null | undefined): Usage {
  const input = u?.input_tokens ?? 0;
  const read = u?.cache_read_input_tokens ?? 0;
  const write = u?.cache_creation_input_tokens ?? 0;
  return makeUsage(input + read + write, u?.output_tokens ?? 0, { cached: read, cacheWrite: write });
}

/** Fold a later usage report (message_delta) into an earlier one (message_start): non-null fields win. */
export function mergeUsage(base: AnthropicUsage, next: AnthropicUsage | null | undefined): AnthropicUsage {
  if (!next) return base;
  const out: AnthropicUsage = { ...base };
  if (next.input_tokens != null) out.input_tokens = next.input_tokens;
  if (next.output_tokens != null) out.output_tokens = next.output_tokens;
  if (next.cache_read_input_tokens != null) out.cache_read_input_tokens = next.cache_read_input_tokens;
  if (next.cache_creation_input_tokens != null) out.cache_creation_input_tokens = next.cache_creation_input_tokens;
  return out;
}
