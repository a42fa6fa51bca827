import type { Deployment } from "./deployment.js";
import type { ChatCompletionRequest } from "../openai/chat-request.js";
import type { EmbeddingsRequest, EmbeddingsResponse } from "../openai/embeddings.js";
import type { ImageGenerationRequest, ImageGenerationResponse } from "../openai/images.js";
import type { SpeechRequest, TranscriptionRequest, TranscriptionResponse } from "../openai/audio.js";
import type { ModerationRequest, ModerationResponse } from "../openai/moderations.js";
import type { RerankRequest, RerankResponse } from "../openai/rerank.js";
import type { TextCompletionRequest } from "../openai/completions.js";
import type { ChatCompletion, ChatCompletionChunk } from "../openai/chat-response.js";
import type { GatewayError } from "../errors/gateway-error.js";
import type { StreamFraming, UpstreamEvent } from "../streaming/upstream-event.js";
import type { NativeMessagesBuilder } from "./shared/native-messages.js";

export type { StreamFraming, UpstreamEvent };

/**
 * A provider: one adapter per operation it can do (absent = it cannot; such a deployment is never
 * chosen for that operation). Adapters only map: the gateway's (OpenAI) request → upstream request,
 * upstream answers, stream events and errors → OpenAI shapes. Fetching, framing, timeouts, retries,
 * usage accounting and error rendering live in shared code. Attached to each deployment when the
 * config loads (providers/all.ts has the table).
 */
export interface Provider {
  /** Provider prefix in `litellm_params.model`, e.g. "anthropic". */
  readonly name: string;
  /** litellm_params filled from these environment variables when the config leaves them out. */
  readonly defaultEnv?: Readonly<Record<string, string>>;
  readonly chat?: ChatAdapter;
  readonly embeddings?: OperationAdapter<EmbeddingsRequest, EmbeddingsResponse>;
  readonly imageGeneration?: OperationAdapter<ImageGenerationRequest, ImageGenerationResponse>;
  readonly transcription?: OperationAdapter<TranscriptionRequest, TranscriptionResult>;
  readonly speech?: OperationAdapter<SpeechRequest, SpeechResult>;
  readonly moderation?: OperationAdapter<ModerationRequest, ModerationResponse>;
  readonly rerank?: OperationAdapter<RerankRequest, RerankResponse>;
  /** Legacy text completions passed natively; without it a chat adapter serves them, translated. */
  readonly textCompletion?: ChatAdapter<TextCompletionRequest>;
  /** Anthropic Messages passed natively where `supports(deployment)`; elsewhere the chat adapter serves them, translated. */
  readonly messages?: NativeMessagesBuilder;
}

/** The operations a provider can declare; `chat` is chat completions. */
export type OperationName =
  | "chat"
  | "embeddings"
  | "imageGeneration"
  | "transcription"
  | "speech"
  | "moderation"
  | "rerank"
  | "textCompletion"
  | "messages"
  /** The Responses API: native on openai/ and azure/, translated through the chat adapter elsewhere. */
  | "responses";

/** What a transcription consumed, as far as the vendor says: seconds of audio, or tokens where it bills by token. */
export interface TranscriptionMeter {
  durationSeconds?: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** A transcription in the format the client asked for: JSON shapes, or text (text, srt, vtt). */
export type TranscriptionResult =
  | ({ kind: "json"; body: TranscriptionResponse } & TranscriptionMeter)
  | ({ kind: "text"; body: string } & TranscriptionMeter);

/** Speech audio, streamed through unbuffered. */
export interface SpeechResult {
  body: ReadableStream<Uint8Array>;
  contentType: string;
}

/**
 * The adapter of one non-streaming operation. `answer` says how shared code reads a successful
 * upstream answer before `parseResponse`: "json" = the body parsed as JSON (unvalidated: the
 * adapter validates it with its schema); "raw" = the Response itself (binary images, audio).
 */
export interface OperationAdapter<Req, Res> {
  readonly answer: "json" | "raw";
  /** Request params this deployment cannot express (removed under drop_params, else 400). */
  unsupportedParams?(deployment: Deployment): readonly string[];
  /** Most inputs the vendor takes in one call (embeddings): larger requests are split and rejoined in order. */
  maxBatch?(deployment: Deployment): number;
  buildRequest(ctx: ProviderContext<Req>): Promise<UpstreamRequest> | UpstreamRequest;
  send?(ctx: ProviderContext<Req>, req: UpstreamRequest): Promise<Response>;
  parseResponse(ctx: ProviderContext<Req>, answer: unknown): Promise<Res> | Res;
  parseError(ctx: ProviderContext<Req>, res: UpstreamErrorResponse): GatewayError;
}

/** An upstream error answer as adapters see it; `body` is the raw text (bounded). */
export interface UpstreamErrorResponse {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * The chat adapter: OpenAI chat request → upstream request, upstream response / stream events /
 * errors → OpenAI chat shapes. `Req` is the request type it is handed (chat, or legacy text
 * completions for a native text-completion adapter).
 */
export interface ChatAdapter<Req = ChatCompletionRequest> {
  /** Provider prefix in `litellm_params.model`, e.g. "anthropic". */
  readonly name: string;
  /** How the upstream frames its stream; shared code decodes it into UpstreamEvents. */
  readonly streamFraming: StreamFraming;
  /** OpenAI request params this deployment cannot express (removed under drop_params, else 400). */
  unsupportedParams(deployment: Deployment): readonly string[];
  /** Build the upstream HTTP request (URL, auth headers, body). May be async (token exchange, image fetch). */
  buildRequest(ctx: ProviderContext<Req>): Promise<UpstreamRequest> | UpstreamRequest;
  /** Optional: send the request another way than `fetch` (e.g. a platform binding). Return a Response. */
  send?(ctx: ProviderContext<Req>, req: UpstreamRequest): Promise<Response>;
  /** Map a successful non-stream body (already JSON-parsed, unvalidated) to a ChatCompletion. */
  parseResponse(ctx: ProviderContext<Req>, body: unknown): ChatCompletion;
  /** A fresh, stateful mapper for one stream. */
  createStreamMapper(ctx: ProviderContext<Req>): StreamMapper;
  /** Map an upstream error response to the gateway's error classes. `body` is the raw text. */
  parseError(ctx: ProviderContext<Req>, res: UpstreamErrorResponse): GatewayError;
}

export interface StreamMapper {
  /**
   * Zero or more OpenAI chunks for one upstream event. Throw a GatewayError for an
   * error delivered inside the stream. Return `"done"` as the only element to end the stream.
   */
  onEvent(ev: UpstreamEvent): Array<ChatCompletionChunk | "done">;
  /** Chunks to emit when the upstream closes (e.g. a final finish_reason/usage). */
  onEnd?(): ChatCompletionChunk[];
}

export interface UpstreamRequest {
  url: string;
  method?: "POST" | "GET";
  headers: Record<string, string>;
  /** A FormData body (uploads) is sent as multipart; fetch sets its content-type with the boundary. */
  body?: string | Uint8Array | FormData;
}

/** Minimal shape of the Workers AI binding, kept free of Cloudflare types. */
export interface AiBinding {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
}

export interface ProviderContext<Req = ChatCompletionRequest> {
  deployment: Deployment;
  /** The OpenAI request, gateway-only fields removed, drop_params applied. `model` is the vendor model id. */
  request: Req;
  stream: boolean;
  /** For side calls: token exchange, image download. Same fetch the gateway uses upstream. */
  fetch: typeof fetch;
  now: () => number;
  /** Gateway-generated id for this request (chatcmpl-...), for vendors that return none. */
  requestId: string;
  /** Per-isolate cache for tokens and similar (never persisted). */
  cache: Map<string, unknown>;
  bindings: { ai?: AiBinding };
  signal?: AbortSignal;
}
