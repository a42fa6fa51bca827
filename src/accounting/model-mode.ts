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
  messages: ["chat", "completion", "responses"],
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
  messages: "chat",
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

/** The OpenAI paths of each operation. */
const ENDPOINTS: Record<OperationName, string> = {
  chat: "/v1/chat/completions",
  textCompletion: "/v1/completions",
  embeddings: "/v1/embeddings",
  imageGeneration: "/v1/images/generations",
  transcription: "/v1/audio/transcriptions",
  speech: "/v1/audio/speech",
  moderation: "/v1/moderations",
  rerank: "/v1/rerank",
  messages: "/v1/messages",
  responses: "/v1/responses",
};

/**
 * Whether a deployment can serve an operation: its provider has the adapter (legacy text completions
 * are also served through chat) and its mode, when known, allows it.
 */
export function canServe(d: Deployment, operation: OperationName): boolean {
  const a = d.adapter;
  const has =
    operation === "textCompletion"
      ? a.textCompletion !== undefined || a.chat !== undefined
      : operation === "messages"
        ? a.chat !== undefined || a.messages?.supports(d) === true
        : operation === "responses"
          ? a.chat !== undefined // translated through chat where the provider does not run it itself
          : a[operation] !== undefined;
  return has && modeAllows(d, operation);
}

/** The operations a deployment can serve. */
export function operationsOf(d: Deployment): OperationName[] {
  return (Object.keys(ENDPOINTS) as OperationName[]).filter((op) => canServe(d, op));
}

/** LiteLLM's `mode` of a deployment: declared, from the price table, else the first operation it can do. */
export function displayMode(d: Deployment): string {
  const first = operationsOf(d)[0];
  return modeOf(d) ?? (first ? MODE_OF_OPERATION[first] : "chat");
}

/** The paths a deployment serves (LiteLLM's `supported_endpoints`). */
export function endpointsOf(d: Deployment): string[] {
  return operationsOf(d).map((op) => ENDPOINTS[op]);
}
