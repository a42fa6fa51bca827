import type { Usage } from "../openai/chat-response.js";

/**
 * What one request consumed, whatever its operation: tokens, and the units some operations are
 * billed by (images, audio seconds, characters, search units). Priced by src/accounting/cost.ts.
 */
export interface Metered {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens read from the vendor's prompt cache. */
  cachedTokens?: number;
  /** Prompt tokens written to the vendor's prompt cache. */
  cacheWriteTokens?: number;
  /** Completion tokens spent on reasoning. */
  reasoningTokens?: number;
  images?: number;
  audioSeconds?: number;
  characters?: number;
  searchUnits?: number;
}

/** A chat completion's usage as metered usage. */
export function meteredOf(u: Usage | undefined): Metered | undefined {
  if (!u) return undefined;
  return {
    promptTokens: u.prompt_tokens,
    completionTokens: u.completion_tokens,
    cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: u.prompt_tokens_details?.cache_creation_tokens ?? 0,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

export function totalTokens(m: Metered | undefined): number {
  return m ? m.promptTokens + m.completionTokens : 0;
}
