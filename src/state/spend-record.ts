import { z } from "zod";

/** One spend record per request, success or failure. Never message content, never secrets. */
export const SpendRecord = z.object({
  /** The gateway's own id for the request (a client's x-request-id is only metadata). */
  request_id: z.string(),
  created_at: z.number().int(),
  /** sha-256 of the virtual key (hex); null for the master key. */
  key_hash: z.string().nullable(),
  key_alias: z.string().nullable(),
  team_id: z.string().nullable(),
  user_id: z.string().nullable(),
  end_user: z.string().nullable(),
  model_group: z.string().nullable(),
  requested_model: z.string().nullable(),
  deployment_id: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  cached_tokens: z.number().int(),
  reasoning_tokens: z.number().int(),
  cost_micros: z.number().int(),
  status: z.number().int(),
  error_type: z.string().nullable(),
  latency_ms: z.number().int(),
  ttft_ms: z.number().int().nullable(),
  stream: z.boolean(),
  attempted_retries: z.number().int(),
  attempted_fallbacks: z.number().int(),
  tags: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  /** The operation (chat, embeddings, imageGeneration, ...); null on rows older than the column. */
  operation: z.string().nullable(),
  /** The response cache: true = answered from it, false = looked up and not found; absent = it did not look. */
  cache_hit: z.boolean().nullish(),
  /** On a hit: what the answer cost when it was made (what the hit saved). */
  saved_cost_micros: z.number().int().nullish(),
});
export type SpendRecord = z.infer<typeof SpendRecord>;
