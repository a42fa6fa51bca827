import { z } from "zod";
import data from "./model-prices.json";

/**
 * The bundled model price table (model-prices.json; its `source` field names where the numbers
 * come from). Prices are USD per 1M tokens, which is exactly micro-dollars per token.
 * Keys are "provider/model"; `provider_aliases` lets e.g. Azure deployments use OpenAI's rows.
 */
export const PriceRow = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cached_input: z.number().min(0).optional(),
  cache_write: z.number().min(0).optional(),
  reasoning: z.number().min(0).optional(),
  /** LiteLLM's mode for the model (embedding, image_generation, ...); absent = chat. */
  mode: z.string().optional(),
  /** USD per unit: a second of audio, a character of speech input, a rerank search unit (or query). */
  per_second: z.number().min(0).optional(),
  per_character: z.number().min(0).optional(),
  per_search_unit: z.number().min(0).optional(),
  /** The most the model can write in one response (bounds a request's cost before it runs). */
  max_output_tokens: z.number().int().positive().optional(),
  /**
   * USD per generated image: one price, or a table keyed "quality/size", "size", "quality" or
   * "default" (accounting/image-price.ts picks the entry for a request).
   */
  per_image: z.union([z.number().min(0), z.record(z.string(), z.number().min(0))]).optional(),
});
export type PriceRow = z.infer<typeof PriceRow>;

const PriceFile = z.object({
  source: z.string().min(1),
  as_of: z.string(),
  unit: z.string(),
  provider_aliases: z.record(z.string(), z.array(z.string())),
  models: z.record(z.string(), PriceRow),
});

const parsed = PriceFile.parse(data);

export const PRICE_TABLE: Readonly<Record<string, PriceRow>> = parsed.models;
export const PROVIDER_ALIASES: Readonly<Record<string, readonly string[]>> = parsed.provider_aliases;
export const PRICE_SOURCE = parsed.source;
