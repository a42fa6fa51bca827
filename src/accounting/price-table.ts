/**
 * Model prices in USD per 1M tokens (= micro-dollars per token).
 * Source: each vendor's public pricing page (OpenAI, Anthropic, Google, AWS Bedrock, Cohere, Mistral,
 * Groq, DeepSeek, xAI), as of 2026. Keys are "provider/model" or a bare model id.
 */
export interface PriceRow {
  input: number;
  output: number;
  cached_input?: number;
  cache_write?: number;
  reasoning?: number;
}

export const PRICE_TABLE: Readonly<Record<string, PriceRow>> = {
  "gpt-4o": { input: 2.5, output: 10, cached_input: 1.25 },
  "gpt-4o-mini": { input: 0.15, output: 0.6, cached_input: 0.075 },
  "gpt-4.1": { input: 2, output: 8, cached_input: 0.5 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6, cached_input: 0.1 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4, cached_input: 0.025 },
  "o3": { input: 2, output: 8, cached_input: 0.5 },
  "o4-mini": { input: 1.1, output: 4.4, cached_input: 0.275 },
};
