import type { Deployment } from "./deployment.js";
import type { ChatCompletionRequest } from "../openai/chat-request.js";
import type { ChatCompletion, ChatCompletionChunk } from "../openai/chat-response.js";
import type { GatewayError } from "../errors/gateway-error.js";
import type { StreamFraming, UpstreamEvent } from "../streaming/upstream-event.js";

export type { StreamFraming, UpstreamEvent };

/**
 * The adapter interface. A provider only maps: OpenAI request → upstream request,
 * upstream response/stream events/errors → OpenAI shapes. Fetching, framing, timeouts,
 * retries, usage accounting and error rendering live in shared code.
 */
export interface ProviderAdapter {
  /** Provider prefix in `litellm_params.model`, e.g. "anthropic". */
  readonly name: string;
  /** How the upstream frames its stream; shared code decodes it into UpstreamEvents. */
  readonly streamFraming: StreamFraming;
  /** litellm_params filled from these environment variables when the config leaves them out. */
  readonly defaultEnv?: Readonly<Record<string, string>>;
  /** OpenAI request params this deployment cannot express (removed under drop_params, else 400). */
  unsupportedParams(deployment: Deployment): readonly string[];
  /** Build the upstream HTTP request (URL, auth headers, body). May be async (token exchange, image fetch). */
  buildRequest(ctx: ProviderContext): Promise<UpstreamRequest> | UpstreamRequest;
  /** Optional: send the request another way than `fetch` (e.g. a platform binding). Return a Response. */
  send?(ctx: ProviderContext, req: UpstreamRequest): Promise<Response>;
  /** Map a successful non-stream body (already JSON-parsed, unvalidated) to a ChatCompletion. */
  parseResponse(ctx: ProviderContext, body: unknown): ChatCompletion;
  /** A fresh, stateful mapper for one stream. */
  createStreamMapper(ctx: ProviderContext): StreamMapper;
  /** Map an upstream error response to the gateway's error classes. `body` is the raw text. */
  parseError(ctx: ProviderContext, res: { status: number; headers: Headers; body: string }): GatewayError;
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
  body?: string | Uint8Array;
}

/** Minimal shape of the Workers AI binding, kept free of Cloudflare types. */
export interface AiBinding {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
}

export interface ProviderContext {
  deployment: Deployment;
  /** The OpenAI request, gateway-only fields removed, drop_params applied. `model` is the vendor model id. */
  request: ChatCompletionRequest;
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
