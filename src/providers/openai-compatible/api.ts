import { z } from "zod";
import { ModerationResult } from "../../openai/moderations.js";

/** Minimal upstream shapes: only what the gateway reads; everything else passes through untouched. */
export const UpstreamCompletion = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  created: z.number().nullish(),
  choices: z.array(z.looseObject({ message: z.looseObject({}).nullish() })),
  usage: z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

export const UpstreamChunk = z.looseObject({
  choices: z.array(z.looseObject({})).nullish(),
  usage: z.looseObject({}).nullish(),
  error: z.unknown().optional(),
});

export const UpstreamErrorBody = z.looseObject({
  error: z.union([
    z.looseObject({
      message: z.string().nullish(),
      type: z.string().nullish(),
      param: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
    }),
    z.string(),
  ]),
});
export const UpstreamDetailBody = z.looseObject({ detail: z.union([z.string(), z.array(z.unknown())]) });
export const UpstreamMessageBody = z.looseObject({ message: z.string() });

/** An OpenAI-style embeddings answer: the vectors (floats, or base64 when asked), and usage when the vendor reports it. */
export const UpstreamEmbeddings = z.looseObject({
  data: z.array(
    z.looseObject({ index: z.number().int().nullish(), embedding: z.union([z.array(z.number()), z.string()]) }),
  ),
  model: z.string().nullish(),
  usage: z
    .looseObject({ prompt_tokens: z.number().int().nullish(), total_tokens: z.number().int().nullish() })
    .nullish(),
});
export type UpstreamEmbeddings = z.infer<typeof UpstreamEmbeddings>;

/** An OpenAI-style images answer: each image as a URL or base64, and token usage when the model reports it. */
export const UpstreamImages = z.looseObject({
  created: z.number().nullish(),
  data: z.array(
    z.looseObject({ url: z.string().nullish(), b64_json: z.string().nullish(), revised_prompt: z.string().nullish() }),
  ),
  usage: z
    .looseObject({
      input_tokens: z.number().int().nullish(),
      output_tokens: z.number().int().nullish(),
      total_tokens: z.number().int().nullish(),
      input_tokens_details: z
        .looseObject({ text_tokens: z.number().int().nullish(), image_tokens: z.number().int().nullish() })
        .nullish(),
    })
    .nullish(),
  background: z.string().nullish(),
  output_format: z.string().nullish(),
  quality: z.string().nullish(),
  size: z.string().nullish(),
});

/** An OpenAI-style moderations answer (results in OpenAI's shape; id and model filled in when absent). */
export const UpstreamModeration = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  results: z.array(ModerationResult),
});

/** A Cohere-shaped rerank answer (Jina, Together, vLLM): `results`, tokens in `usage` or `meta.billed_units`. */
export const UpstreamRerank = z.looseObject({
  id: z.string().nullish(),
  results: z.array(z.looseObject({ index: z.number().int(), relevance_score: z.number() })),
  usage: z.looseObject({ total_tokens: z.number().nullish(), prompt_tokens: z.number().nullish() }).nullish(),
  meta: z
    .looseObject({
      billed_units: z.looseObject({ search_units: z.number().nullish(), total_tokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
});

/** Voyage's rerank answer: `data` instead of `results`, tokens in `usage`. */
export const UpstreamVoyageRerank = z.looseObject({
  data: z.array(z.looseObject({ index: z.number().int(), relevance_score: z.number() })),
  usage: z.looseObject({ total_tokens: z.number().nullish() }).nullish(),
});
