import type { Deployment } from "../providers/deployment.js";
import type { OperationName } from "../providers/provider.js";
import { priceRow } from "./prices.js";

/** LiteLLM's `model_info.mode` values: what kind of model a deployment serves. */
export type ModelMode =
  | "chat"
  | "completion"
  | "embedding"
  | "image_generation"
  | "audio_transcription"
  | "audio_speech"
  | "moderation"
  | "rerank"
  | "responses";

/** The modes whose models can serve each operation. */
const SERVES: Record<OperationName, readonly string[]> = {
  chat: ["chat", "completion", "responses"],
  textCompletion: ["completion", "chat", "responses"],
  embeddings: ["embedding"],
  imageGeneration: ["image_generation"],
  transcription: ["audio_transcription"],
  speech: ["audio_speech"],
  moderation: ["moderation"],
  rerank: ["rerank"],
  responses: ["chat", "completion", "responses"],
};

/** The mode an operation's models are listed under (LiteLLM's names). */
export const MODE_OF_OPERATION: Record<OperationName, ModelMode> = {
  chat: "chat",
  textCompletion: "completion",
  embeddings: "embedding",
  imageGeneration: "image_generation",
  transcription: "audio_transcription",
  speech: "audio_speech",
  moderation: "moderation",
  rerank: "rerank",
  responses: "responses",
};

/**
 * A deployment's mode: `model_info.mode`, else the price table's row for its model (a row without a
 * mode is a chat model), else unknown.
 */
export function modeOf(d: Deployment): string | undefined {
  if (d.modelInfo.mode) return d.modelInfo.mode;
  const row = priceRow(d.provider, d.modelInfo.base_model ?? d.model);
  return row ? (row.mode ?? "chat") : undefined;
}

/** Whether the deployment's mode, when known, lets it serve the operation (unknown: the adapter decides). */
export function modeAllows(d: Deployment, operation: OperationName): boolean {
  const mode = modeOf(d);
  return mode === undefined || SERVES[operation].includes(mode);
}
