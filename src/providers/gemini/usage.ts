import type { Usage } from "../../openai/chat-response.js";
import { makeUsage } from "../shared/chunks.js";
import type { GeminiUsage } from "./api.js";

/**
 * usageMetadata → OpenAI usage. Completion tokens include thinking tokens (reported again as
 * reasoning_tokens); prompt tokens include tool-use prompt tokens and the cached part (cached_tokens).
 */
export function toUsage(u: GeminiUsage): Usage {
  const prompt = (u.promptTokenCount ?? 0) + (u.toolUsePromptTokenCount ?? 0);
  const completion = (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
  return makeUsage(prompt, completion, {
    cached: u.cachedContentTokenCount ?? undefined,
    reasoning: u.thoughtsTokenCount ?? undefined,
  });
}
