import type { EmbeddingsRequest, EmbeddingsResponse } from "../openai/embeddings.js";
import type { ImageGenerationRequest, ImageGenerationResponse } from "../openai/images.js";
import { embeddingsOperation } from "../pipeline/operations/embeddings.js";
import { imageGenerationOperation } from "../pipeline/operations/image-generation.js";
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
