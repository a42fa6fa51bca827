import type { Deployment } from "../deployment.js";
import type { GatewayError } from "../../errors/gateway-error.js";
import type { StreamFraming, UpstreamEvent, UpstreamRequest } from "../provider.js";
import type { MessagesUsage } from "../../anthropic/response.js";
import { allowedBetas } from "./anthropic-betas.js";

/**
 * The native path: a deployment whose model speaks Messages (Claude on Anthropic, Vertex AI, Bedrock) gets
 * the client's request with only what the gateway must change — model id, credentials, URL and framing —
 * and its answer goes back event for event. One builder per provider folder (`messages.ts`) implements this.
 */

/** What the client sent, as received. */
export interface NativeInput {
  /** The request body text exactly as received (already checked to be a valid request). */
  body: string;
  /** The same body, parsed (read for media to inline; never re-serialised wholesale). */
  json: Record<string, unknown>;
  /** `anthropic-beta` values the client sent (parseBetaHeader). */
  betas: readonly string[];
  /** The client's `anthropic-version` header, if any. */
  anthropicVersion?: string;
}

/** What a builder may reach: the deployment and the same side-call dependencies adapters get. */
export interface NativeContext {
  deployment: Deployment;
  stream: boolean;
  fetch: typeof fetch;
  now: () => number;
  /** Per-isolate cache (access tokens). */
  cache: Map<string, unknown>;
  signal?: AbortSignal;
}

/** One SSE event for the client: its name and its JSON data text, passed on unparsed. */
export interface NativeEvent {
  event: string;
  data: string;
}

/** Reads one native stream: forwards its events and keeps the usage for cost. */
export interface NativeStreamReader {
  /** One framed upstream event → the SSE events to forward. Throws a GatewayError for an in-stream error. */
  onEvent(ev: UpstreamEvent): NativeEvent[];
  /** Usage so far; final once `done`. */
  usage(): MessagesUsage;
  /** Whether message_stop has passed. */
  readonly done: boolean;
}

export interface NativeMessagesBuilder {
  /** Provider prefix this builder serves ("anthropic", "vertex_ai", "bedrock"). */
  readonly provider: string;
  /** How the upstream frames its stream (decoded by src/streaming/framing.ts). */
  readonly streamFraming: StreamFraming;
  /** Whether this deployment's model speaks Messages natively (Claude). */
  supports(d: Deployment): boolean;
  /** POST /v1/messages → the upstream request. */
  buildRequest(ctx: NativeContext, input: NativeInput): Promise<UpstreamRequest>;
  /** POST /v1/messages/count_tokens → the upstream request. */
  buildCountTokensRequest(ctx: NativeContext, input: NativeInput): Promise<UpstreamRequest>;
  /** A non-stream answer's body text → the body for the client (the Message, unchanged) and its usage. */
  readResponse(body: string): { body: string; usage: MessagesUsage };
  /** A count-tokens answer's body text → the client's `{"input_tokens": n}` body. */
  readCountTokens(body: string): { input_tokens: number };
  /** A fresh reader for one stream. */
  createStreamReader(): NativeStreamReader;
  /** An upstream error response → the gateway's error (rendered in Anthropic's shape by the route). */
  parseError(ctx: NativeContext, res: { status: number; headers: Headers; body: string }): GatewayError;
}

/** The betas this deployment passes on: its `allowed_anthropic_betas`, else the provider's default list. */
export function betasFor(ctx: NativeContext, input: NativeInput, defaults: readonly string[]): string[] {
  return allowedBetas(input.betas, ctx.deployment.params.allowed_anthropic_betas ?? defaults);
}
