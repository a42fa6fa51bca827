import type { EmbeddingsRequest, EmbeddingsResponse } from "../openai/embeddings.js";
import type { ImageGenerationRequest, ImageGenerationResponse } from "../openai/images.js";
import { embeddingsOperation } from "../pipeline/operations/embeddings.js";
import { imageGenerationOperation } from "../pipeline/operations/image-generation.js";
import type { ModerationRequest, ModerationResponse } from "../openai/moderations.js";
import type { RerankRequest, RerankResponse } from "../openai/rerank.js";
import type { TextCompletion, TextCompletionRequest } from "../openai/completions.js";
import { moderationOperation } from "../pipeline/operations/moderation.js";
import { rerankOperation } from "../pipeline/operations/rerank.js";
import { textCompletionOperation } from "../pipeline/operations/text-completion.js";
import { type CallOptions, callOnce } from "./one-call.js";

/** Library calls of the non-chat operations: the same adapters, spine and errors as the HTTP API. */

export type EmbeddingOptions = Omit<EmbeddingsRequest, "model"> & CallOptions;

/** Embeddings of `input`, e.g. `embedding({ model: "openai/text-embedding-3-small", input: ["a", "b"] })`. */
export async function embedding(opts: EmbeddingOptions): Promise<EmbeddingsResponse> {
  return (await (await callOnce(embeddingsOperation, opts)).json()) as EmbeddingsResponse;
}

export type ImageGenerationOptions = Omit<ImageGenerationRequest, "model"> & CallOptions;

/** Generated images, e.g. `imageGeneration({ model: "openai/dall-e-3", prompt: "a lighthouse" })`. */
export async function imageGeneration(opts: ImageGenerationOptions): Promise<ImageGenerationResponse> {
  return (await (await callOnce(imageGenerationOperation, opts)).json()) as ImageGenerationResponse;
}

export type ModerationOptions = Omit<ModerationRequest, "model"> & CallOptions;

/** A moderation verdict per input, e.g. `moderation({ model: "openai/omni-moderation-latest", input: "..." })`. */
export async function moderation(opts: ModerationOptions): Promise<ModerationResponse> {
  return (await (await callOnce(moderationOperation, opts)).json()) as ModerationResponse;
}

export type RerankOptions = Omit<RerankRequest, "model"> & CallOptions;

/** Documents ranked against `query`, e.g. `rerank({ model: "cohere/rerank-v3.5", query, documents })`. */
export async function rerank(opts: RerankOptions): Promise<RerankResponse> {
  return (await (await callOnce(rerankOperation, opts)).json()) as RerankResponse;
}

export type TextCompletionOptions = Omit<TextCompletionRequest, "model" | "stream"> & CallOptions;

/** A legacy text completion (non-stream), natively or through the deployment's chat adapter. */
export async function textCompletion(opts: TextCompletionOptions): Promise<TextCompletion> {
  return (await (await callOnce(textCompletionOperation, { ...opts, stream: false })).json()) as TextCompletion;
}
