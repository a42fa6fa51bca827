import { GATEWAY_ONLY_FIELDS } from "../../openai/gateway-fields.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import {
  betasFor,
  type NativeContext,
  type NativeInput,
  type NativeMessagesBuilder,
} from "../shared/native-messages.js";
import { editJsonObject } from "../shared/json-members.js";
import { createAnthropicEventReader, readNativeResponse } from "../shared/native-messages-usage.js";
import { CountTokensResponse } from "../../anthropic/count-tokens.js";
import { parseUpstreamText } from "../shared/json.js";
import type { UpstreamRequest } from "../provider.js";
import { ANTHROPIC_VERSION, anthropicMessagesUrl } from "./convert-request.js";
import { parseAnthropicError } from "./error.js";

const PROVIDER = "anthropic";

/** Anthropic's own API takes every beta it knows; the deployment may narrow the list. */
export const ANTHROPIC_DEFAULT_BETAS: readonly string[] = ["*"];

function apiKey(ctx: NativeContext): string {
  const key = ctx.deployment.params.api_key;
  if (key) return key;
  throw new BadRequestError(
    `model "${ctx.deployment.modelName}" (anthropic) has no api_key (set litellm_params.api_key or ANTHROPIC_API_KEY)`,
    { code: "missing_api_key" },
  );
}

function headers(ctx: NativeContext, input: NativeInput): Record<string, string> {
  const h: Record<string, string> = {
    "content-type": "application/json",
    "x-api-key": apiKey(ctx),
    "anthropic-version": input.anthropicVersion ?? ANTHROPIC_VERSION,
  };
  const betas = betasFor(ctx, input, ANTHROPIC_DEFAULT_BETAS);
  if (betas.length > 0) h["anthropic-beta"] = betas.join(",");
  return h;
}

/** The client's body with the vendor model id; gateway-level fields (fallbacks, ...) removed. */
function body(ctx: NativeContext, input: NativeInput): string {
  return editJsonObject(input.body, { set: { model: ctx.deployment.model }, remove: GATEWAY_ONLY_FIELDS });
}

/**
 * Messages on Anthropic's API, natively: POST {api_base}/v1/messages (and /v1/messages/count_tokens) with
 * the deployment's key, the client's anthropic-version and the betas the deployment allows; the body is
 * the client's byte for byte except `model`. Answers and stream events pass back unchanged.
 */
export const anthropicMessages: NativeMessagesBuilder = {
  provider: PROVIDER,
  streamFraming: "sse",
  supports: () => true,
  async buildRequest(ctx, input): Promise<UpstreamRequest> {
    return {
      url: anthropicMessagesUrl(ctx.deployment.params.api_base),
      headers: headers(ctx, input),
      body: body(ctx, input),
    };
  },
  async buildCountTokensRequest(ctx, input): Promise<UpstreamRequest> {
    const url = `${anthropicMessagesUrl(ctx.deployment.params.api_base)}/count_tokens`;
    return { url, headers: headers(ctx, input), body: body(ctx, input) };
  },
  readResponse: (text) => readNativeResponse(text, PROVIDER),
  readCountTokens: (text) => ({ input_tokens: parseUpstreamText(CountTokensResponse, text, PROVIDER).input_tokens }),
  createStreamReader: () => createAnthropicEventReader(PROVIDER),
  parseError: (ctx, res) => parseAnthropicError(res, { provider: PROVIDER, now: ctx.now() }),
};
