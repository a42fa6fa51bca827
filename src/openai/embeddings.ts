import { z } from "zod";
import { GatewayFields } from "./gateway-fields.js";

/** Public wire contract of POST /v1/embeddings. Unknown fields pass through. */

/** OpenAI's own ceiling on inputs per request. */
export const MAX_EMBEDDING_INPUTS = 2048;

const Tokens = z.array(z.number().int().min(0)).min(1, "a token array must not be empty");

export const EmbeddingsInput = z.union([
  z.string().min(1, "input must not be empty"),
  z
    .array(z.string().min(1, "an input string must not be empty"))
    .min(1, "input must not be empty")
    .max(MAX_EMBEDDING_INPUTS),
  Tokens,
  z.array(Tokens).min(1, "input must not be empty").max(MAX_EMBEDDING_INPUTS),
]);
export type EmbeddingsInput = z.infer<typeof EmbeddingsInput>;

export const EmbeddingsRequest = z.looseObject({
  model: z.string().min(1),
  input: EmbeddingsInput,
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.number().int().positive().nullish(),
  /** Cohere's input_type (search_document, search_query, classification, clustering), passed through. */
  input_type: z.string().max(64).nullish(),
  /** Google's task type (RETRIEVAL_QUERY, ...) for Gemini and Vertex AI embeddings (LiteLLM's name). */
  task_type: z.string().max(64).nullish(),
  ...GatewayFields,
});
export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequest>;

export const Embedding = z.object({
  object: z.literal("embedding"),
  index: z.number().int(),
  /** floats, or base64 of little-endian float32s when encoding_format is base64 */
  embedding: z.union([z.array(z.number()), z.string()]),
});
export type Embedding = z.infer<typeof Embedding>;

export const EmbeddingsUsage = z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() });
export type EmbeddingsUsage = z.infer<typeof EmbeddingsUsage>;

export const EmbeddingsResponse = z.object({
  object: z.literal("list"),
  data: z.array(Embedding),
  model: z.string(),
  usage: EmbeddingsUsage,
});
export type EmbeddingsResponse = z.infer<typeof EmbeddingsResponse>;
