/**
 * Library entry: the same providers and pipeline as the Worker, with in-memory state.
 * No Cloudflare imports.
 */
export { completion, type CompletionOptions } from "./library/completion.js";
export { messages, type MessagesOptions } from "./library/messages.js";
export { responses, defaultResponseStore, type ResponsesOptions } from "./library/responses.js";
export type { ResponseObject } from "./responses/response.js";
export type { ResponseStreamEvent } from "./responses/events.js";
export type { ResponseStore } from "./responses/store.js";
export { createGateway, type GatewayOptions } from "./library/gateway.js";
export * from "./errors/gateway-error.js";
export type { ChatCompletionRequest } from "./openai/chat-request.js";
export type { ChatCompletion, ChatCompletionChunk, Usage } from "./openai/chat-response.js";
export type { GatewayConfig } from "./config/schema.js";
export type { MessagesRequest } from "./anthropic/request.js";
export type { Message } from "./anthropic/response.js";
export type { StreamEvent as MessageStreamEvent } from "./anthropic/stream-events.js";
export { createRouter, type CreateRouterOptions, type LibraryRouter } from "./library/create-router.js";
export {
  embedding,
  imageGeneration,
  moderation,
  rerank,
  textCompletion,
  type EmbeddingOptions,
  type ImageGenerationOptions,
  type ModerationOptions,
  type RerankOptions,
  type TextCompletionOptions,
} from "./library/operations.js";
export { speech, transcription, type SpeechOptions, type TranscriptionOptions } from "./library/audio.js";
