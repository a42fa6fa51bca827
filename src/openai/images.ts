import { z } from "zod";
import { GatewayFields } from "./gateway-fields.js";

/** Public wire contract of POST /v1/images/generations. Unknown fields pass through. */

export const ImageGenerationRequest = z.looseObject({
  model: z.string().min(1),
  prompt: z.string().min(1, "prompt must not be empty").max(32_000),
  n: z.number().int().min(1).max(10).nullish(),
  size: z.string().max(32).nullish(),
  quality: z.string().max(32).nullish(),
  response_format: z.enum(["url", "b64_json"]).nullish(),
  style: z.string().max(32).nullish(),
  background: z.string().max(32).nullish(),
  output_format: z.string().max(16).nullish(),
  output_compression: z.number().int().min(0).max(100).nullish(),
  moderation: z.string().max(16).nullish(),
  stream: z
    .boolean()
    .refine((v) => !v, "streamed image generation is not supported; leave stream unset")
    .nullish(),
  ...GatewayFields,
});
export type ImageGenerationRequest = z.infer<typeof ImageGenerationRequest>;

export const GeneratedImage = z.object({
  url: z.string().optional(),
  b64_json: z.string().optional(),
  revised_prompt: z.string().optional(),
});
export type GeneratedImage = z.infer<typeof GeneratedImage>;

export const ImageUsage = z.object({
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  total_tokens: z.number().int(),
  input_tokens_details: z
    .looseObject({ text_tokens: z.number().int().optional(), image_tokens: z.number().int().optional() })
    .optional(),
});
export type ImageUsage = z.infer<typeof ImageUsage>;

export const ImageGenerationResponse = z.object({
  created: z.number().int(),
  data: z.array(GeneratedImage),
  /** gpt-image models report tokens; dall-e models do not. */
  usage: ImageUsage.optional(),
  /** gpt-image models say what they made. */
  background: z.string().optional(),
  output_format: z.string().optional(),
  quality: z.string().optional(),
  size: z.string().optional(),
});
export type ImageGenerationResponse = z.infer<typeof ImageGenerationResponse>;
