import { z } from "zod";
import { GATEWAY_ONLY_FIELDS } from "../../openai/gateway-fields.js";
import { BadGatewayError } from "../../errors/gateway-error.js";
import {
  betasFor,
  type NativeContext,
  type NativeInput,
  type NativeMessagesBuilder,
} from "../shared/native-messages.js";
import { editJsonObject } from "../shared/json-members.js";
import { createAnthropicEventReader, readNativeResponse } from "../shared/native-messages-usage.js";
import { parseUpstreamText } from "../shared/json.js";
import { inlineUrlSources, urlSources } from "../shared/url-sources.js";
import type { UpstreamRequest } from "../provider.js";
import { authHeaders } from "./auth.js";
import { isClaude } from "./convert-request.js";
import { parseBedrockError, PROVIDER, streamException } from "./error.js";
import { countTokensUrl, invokeUrl } from "./url.js";

export const BEDROCK_ANTHROPIC_VERSION = "bedrock-2023-05-31";

/** Betas Claude on Bedrock accepts; a deployment's allowed_anthropic_betas replaces this list. */
export const BEDROCK_DEFAULT_BETAS: readonly string[] = [
  "interleaved-thinking-2025-05-14",
  "context-1m-2025-08-07",
  "fine-grained-tool-streaming-2025-05-14",
  "token-efficient-tools-2025-02-19",
  "output-128k-2025-02-19",
  "computer-use-2025-01-24",
];

/** An InvokeModelWithResponseStream `chunk` event: the Anthropic event JSON, base64-encoded. */
const Chunk = z.looseObject({ bytes: z.string() });
const CountTokensOutput = z.looseObject({ inputTokens: z.number().int().min(0) });

const utf8 = new TextDecoder();
const enc = new TextEncoder();

function fromBase64(b64: string): string {
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new BadGatewayError("bedrock sent a stream chunk that is not base64", {
      provider: PROVIDER,
      code: "invalid_upstream_stream",
    });
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return utf8.decode(bytes);
}

function toBase64(text: string): string {
  const bytes = enc.encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * Bedrock's Messages body: no `model` (it is in the URL) and no `stream` (the operation decides),
 * `anthropic_version: "bedrock-2023-05-31"` unless the client set one, the allowed betas as the
 * `anthropic_beta` body field, URL sources downloaded into base64; everything else as the client sent it.
 */
async function invokeBody(
  ctx: NativeContext,
  input: NativeInput,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const set: Record<string, unknown> = { model: undefined, stream: undefined, ...extra };
  if (input.json.anthropic_version === undefined) set.anthropic_version = BEDROCK_ANTHROPIC_VERSION;
  const betas = betasFor(ctx, input, BEDROCK_DEFAULT_BETAS);
  if (betas.length > 0) set.anthropic_beta = betas;
  if (urlSources(input.json.messages).length > 0) {
    const messages = structuredClone(input.json.messages);
    await inlineUrlSources(messages, { fetch: ctx.fetch, signal: ctx.signal });
    set.messages = messages;
  }
  return editJsonObject(input.body, { set, remove: GATEWAY_ONLY_FIELDS });
}

async function signed(ctx: NativeContext, url: string, body: string): Promise<UpstreamRequest> {
  return { url, method: "POST", headers: await authHeaders({ ctx, url, body }), body };
}

/**
 * Messages for Claude on Bedrock, natively: InvokeModel / InvokeModelWithResponseStream (SigV4 or a
 * Bedrock API key) and CountTokens (the invoke body, base64, under input.invokeModel.body; a count
 * request has no max_tokens, so 1 is added). The response stream's AWS event-stream `chunk` events carry
 * Anthropic's events base64-encoded: decoded, they go back to the client as SSE, event for event.
 */
export const bedrockMessages: NativeMessagesBuilder = {
  provider: PROVIDER,
  streamFraming: "aws-event-stream",
  supports: (d) => isClaude(d.model),
  async buildRequest(ctx, input) {
    return signed(ctx, invokeUrl(ctx.deployment, ctx.stream), await invokeBody(ctx, input));
  },
  async buildCountTokensRequest(ctx, input) {
    const extra = input.json.max_tokens === undefined ? { max_tokens: 1 } : {};
    const invoke = await invokeBody(ctx, input, extra);
    const body = JSON.stringify({ input: { invokeModel: { body: toBase64(invoke) } } });
    return signed(ctx, countTokensUrl(ctx.deployment), body);
  },
  readResponse: (text) => readNativeResponse(text, PROVIDER),
  readCountTokens: (text) => ({ input_tokens: parseUpstreamText(CountTokensOutput, text, PROVIDER).inputTokens }),
  createStreamReader() {
    const reader = createAnthropicEventReader(PROVIDER);
    return {
      onEvent(ev) {
        const h = ev.headers ?? {};
        const type = h[":message-type"] ?? "event";
        if (type === "exception" || type === "error") throw streamException(h, ev.data);
        if (h[":event-type"] !== "chunk") return [];
        return reader.onAnthropicEvent(undefined, fromBase64(parseUpstreamText(Chunk, ev.data, PROVIDER).bytes));
      },
      usage: reader.usage,
      get done() {
        return reader.done;
      },
    };
  },
  parseError: (_ctx, res) => parseBedrockError(res),
};
