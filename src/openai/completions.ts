import { z } from "zod";
import { GatewayFields } from "./gateway-fields.js";
import { Usage } from "./chat-response.js";

/** Public wire contract of POST /v1/completions (legacy text completions). Unknown fields pass through. */

const Tokens = z.array(z.number().int().min(0));

export const TextCompletionRequest = z.looseObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).min(1), Tokens.min(1), z.array(Tokens.min(1)).min(1)]),
  suffix: z.string().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  logprobs: z.number().int().min(0).max(5).nullish(),
  echo: z.boolean().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  best_of: z.number().int().min(1).max(20).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  seed: z.number().int().nullish(),
  ...GatewayFields,
});
export type TextCompletionRequest = z.infer<typeof TextCompletionRequest>;

export const TextCompletionChoice = z.object({
  text: z.string(),
  index: z.number().int(),
  logprobs: z.unknown().nullable(),
  finish_reason: z.string().nullable(),
});
export type TextCompletionChoice = z.infer<typeof TextCompletionChoice>;

export const TextCompletion = z.object({
  id: z.string(),
  object: z.literal("text_completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(TextCompletionChoice),
  system_fingerprint: z.string().nullish(),
  usage: Usage.optional(),
});
export type TextCompletion = z.infer<typeof TextCompletion>;
