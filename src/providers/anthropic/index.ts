/**
 * Anthropic Messages API adapter (POST {api_base}/v1/messages, `x-api-key`, `anthropic-version: 2023-06-01`).
 *
 * Stable exports, reused by the Vertex AI adapter for Claude (rawPredict / streamRawPredict):
 * - `buildAnthropicBody(ctx, { includeModel?, provider? })` → body object. Vertex: `includeModel: false`,
 *   then add `anthropic_version: "vertex-2023-10-16"`. Sets `stream: true` when ctx.stream.
 * - `anthropicBetas(body, model)` → `anthropic-beta` values the body needs ([] for ordinary requests).
 * - `parseAnthropicResponse(ctx, body, { provider? })` → ChatCompletion.
 * - `createAnthropicStreamMapper(ctx, { provider? })` → StreamMapper for Anthropic SSE (framing "sse").
 * - `parseAnthropicError(res, { provider? })` → GatewayError; `anthropicStreamError(data, { provider? })`.
 * - `ANTHROPIC_UNSUPPORTED_PARAMS`, `ANTHROPIC_VERSION`, `anthropicMessagesUrl(apiBase)`, `JSON_TOOL_NAME`.
 *
 * Mapping decisions:
 * - system/developer messages → top-level `system` text blocks (cache_control kept); tool messages →
 *   user `tool_result` blocks (consecutive ones share one user turn); `name` is dropped; a final assistant
 *   message is a prefill (trailing whitespace trimmed, as Anthropic requires).
 * - cache_control on content parts, tools and messages (→ the message's last block) passes through.
 * - JSON mode (response_format json_object/json_schema) = a tool named `json_tool_call` the model is forced
 *   to call (offered with tool_choice auto when thinking is on); its input is returned as message content
 *   and finish_reason `stop`. Works on every Claude model and on Vertex, unlike the structured-output beta.
 * - reasoning_effort minimal/low → 1024, medium → 2048, high → 4096, xhigh → 8192 thinking tokens; "none"
 *   disables; an explicit `thinking` object wins. max_tokens at or below the budget becomes budget + max_tokens.
 * - max_tokens default: 4096 for Claude 3 Opus/Sonnet/Haiku, else 8192 (or litellm_params.max_tokens).
 * - Thinking comes back as `reasoning_content` (streamed as it arrives) and `thinking_blocks`; in a stream
 *   each thinking block is sent whole, signature included, at its end (collect delta.thinking_blocks in
 *   order to send them back). Redacted thinking → `{type: "redacted_thinking", data}`.
 * - Usage: prompt_tokens = input + cache_read + cache_creation; cached_tokens = cache_read;
 *   cache_creation_tokens = cache_creation. In streams usage rides on the finish chunk.
 */
import type { Deployment } from "../deployment.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import type { ChatAdapter, Provider, ProviderContext, UpstreamRequest } from "../provider.js";
import { ANTHROPIC_VERSION, anthropicBetas, anthropicMessagesUrl, buildAnthropicBody } from "./convert-request.js";
import { parseAnthropicResponse } from "./convert-response.js";
import { parseAnthropicError } from "./error.js";
import { createAnthropicStreamMapper } from "./stream.js";
import { anthropicMessages } from "./messages.js";

export {
  ANTHROPIC_VERSION,
  DEFAULT_ANTHROPIC_API_BASE,
  anthropicBetas,
  anthropicMessagesUrl,
  buildAnthropicBody,
} from "./convert-request.js";
export type { AnthropicBodyOptions } from "./convert-request.js";
export { parseAnthropicResponse } from "./convert-response.js";
export type { AnthropicMapOptions } from "./convert-response.js";
export { createAnthropicStreamMapper } from "./stream.js";
export { anthropicStreamError, parseAnthropicError } from "./error.js";
export { finishReasonOf } from "./finish-reason.js";
export { toOpenAIUsage } from "./usage.js";
export { JSON_TOOL_NAME } from "./tools.js";
export { EFFORT_BUDGET, defaultMaxTokens } from "./thinking.js";

const PROVIDER = "anthropic";

/** OpenAI params Claude cannot express (removed under drop_params, else a 400). */
export const ANTHROPIC_UNSUPPORTED_PARAMS = [
  "seed",
  "n",
  "presence_penalty",
  "frequency_penalty",
  "logit_bias",
  "logprobs",
  "top_logprobs",
] as const;

function apiKeyOf(d: Deployment): string {
  const key = d.params.api_key;
  if (!key) {
    throw new BadRequestError(
      `model "${d.modelName}" (anthropic) has no api_key (set litellm_params.api_key or ANTHROPIC_API_KEY)`,
      { code: "missing_api_key" },
    );
  }
  return key;
}

export const anthropicAdapter: ChatAdapter = {
  name: PROVIDER,
  streamFraming: "sse",
  unsupportedParams: () => ANTHROPIC_UNSUPPORTED_PARAMS,
  buildRequest(ctx: ProviderContext): UpstreamRequest {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-api-key": apiKeyOf(ctx.deployment),
      "anthropic-version": ANTHROPIC_VERSION,
    };
    const body = buildAnthropicBody(ctx, { provider: PROVIDER });
    const betas = anthropicBetas(body, ctx.deployment.model);
    if (betas.length > 0) headers["anthropic-beta"] = betas.join(",");
    return { url: anthropicMessagesUrl(ctx.deployment.params.api_base), headers, body: JSON.stringify(body) };
  },
  parseResponse: (ctx, body) => parseAnthropicResponse(ctx, body, { provider: PROVIDER }),
  createStreamMapper: (ctx) => createAnthropicStreamMapper(ctx, { provider: PROVIDER }),
  parseError: (ctx, res) => parseAnthropicError(res, { provider: PROVIDER, now: ctx.now() }),
};

export const anthropicProvider: Provider = {
  name: PROVIDER,
  defaultEnv: { api_key: "ANTHROPIC_API_KEY", api_base: "ANTHROPIC_API_BASE" },
  chat: anthropicAdapter,
  messages: anthropicMessages,
};
