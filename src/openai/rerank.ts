import { z } from "zod";
import { GatewayFields } from "./gateway-fields.js";

/** Public wire contract of POST /v1/rerank (LiteLLM's Cohere-shaped rerank API). Unknown fields pass through. */

export const MAX_RERANK_DOCUMENTS = 10_000;

export const RerankDocument = z.union([z.string(), z.looseObject({ text: z.string() })]);
export type RerankDocument = z.infer<typeof RerankDocument>;

export const RerankRequest = z.looseObject({
  model: z.string().min(1),
  query: z.string().min(1, "query must not be empty"),
  documents: z.array(RerankDocument).min(1, "documents must not be empty").max(MAX_RERANK_DOCUMENTS),
  top_n: z.number().int().positive().nullish(),
  return_documents: z.boolean().nullish(),
  rank_fields: z.array(z.string()).nullish(),
  max_chunks_per_doc: z.number().int().positive().nullish(),
  max_tokens_per_doc: z.number().int().positive().nullish(),
  ...GatewayFields,
});
export type RerankRequest = z.infer<typeof RerankRequest>;

export const RerankResult = z.object({
  index: z.number().int(),
  relevance_score: z.number(),
  document: z.looseObject({ text: z.string() }).optional(),
});
export type RerankResult = z.infer<typeof RerankResult>;

export const RerankResponse = z.object({
  id: z.string(),
  results: z.array(RerankResult),
  meta: z.looseObject({
    api_version: z.looseObject({ version: z.string() }).optional(),
    billed_units: z
      .looseObject({ search_units: z.number().optional(), total_tokens: z.number().optional() })
      .optional(),
    tokens: z.looseObject({ input_tokens: z.number().optional(), output_tokens: z.number().optional() }).optional(),
  }),
});
export type RerankResponse = z.infer<typeof RerankResponse>;
