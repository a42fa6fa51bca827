import type { LitellmParams } from "../../config/schema.js";
import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import type { ProviderContext } from "../provider.js";
import { buildOpenAIBody } from "../openai-compatible/convert-request.js";
import { toBindingMessages } from "./convert-messages.js";
import { toBindingTools } from "./tools.js";

export const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";

/**
 * REST: `{api_base}/ai/v1/chat/completions`, api_base defaulting to the account's v4 URL. A base
 * that already ends in `/v1` (e.g. an AI Gateway `.../workers-ai/v1`) gets `/chat/completions` only.
 */
export function workersAiRestUrl(params: LitellmParams, modelName: string): string {
  let base = params.api_base?.replace(/\/+$/, "");
  if (!base) {
    if (!params.account_id) {
      throw new BadRequestError(
        `model "${modelName}" (workers_ai) needs account_id (or CLOUDFLARE_ACCOUNT_ID), or api_base`,
        { code: "missing_account_id" },
      );
    }
    base = `${CLOUDFLARE_API}/accounts/${encodeURIComponent(params.account_id)}`;
  }
  return /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/ai/v1/chat/completions`;
}

/**
 * The OpenAI-compatible endpoint takes the request as sent (with usage asked for on streams), less the
 * Anthropic fields it does not know, with `max_tokens` for the output limit.
 */
export function workersAiRestBody(ctx: ProviderContext): string {
  return buildOpenAIBody(ctx, { streamOptions: true, rules: { maxTokensField: "max_tokens" } });
}

function bindingResponseFormat(req: ChatCompletionRequest): Record<string, unknown> | undefined {
  const f = req.response_format;
  if (!f || f.type === "text") return undefined;
  if (f.type === "json_schema" && f.json_schema.schema)
    return { type: "json_schema", json_schema: f.json_schema.schema };
  return { type: "json_object" };
}

/** The binding's native inputs: messages, sampling params, OpenAI-shaped tools, JSON mode. */
export function workersAiBindingInputs(ctx: ProviderContext): Record<string, unknown> {
  const req = ctx.request;
  const inputs: Record<string, unknown> = { messages: toBindingMessages(req.messages) };
  if (ctx.stream) inputs.stream = true;
  const set = (k: string, v: unknown) => {
    if (v !== undefined && v !== null) inputs[k] = v;
  };
  set("max_tokens", req.max_completion_tokens ?? req.max_tokens);
  set("temperature", req.temperature);
  set("top_p", req.top_p);
  set("seed", req.seed);
  set("frequency_penalty", req.frequency_penalty);
  set("presence_penalty", req.presence_penalty);
  set("tools", toBindingTools(req));
  set("response_format", bindingResponseFormat(req));
  return inputs;
}

/**
 * REST, native inputs (embeddings, images): `{api_base}/ai/run/{model}`, api_base defaulting to the
 * account's v4 URL. An AI Gateway base ending in `/workers-ai/v1` runs the model at `/workers-ai/{model}`.
 */
export function workersAiRunUrl(params: LitellmParams, opts: { modelName: string; model: string }): string {
  const base = params.api_base?.replace(/\/+$/, "");
  if (base && /\/v1$/.test(base)) return `${base.slice(0, -"/v1".length)}/${opts.model}`;
  if (base) return `${base}/ai/run/${opts.model}`;
  if (!params.account_id) {
    throw new BadRequestError(
      `model "${opts.modelName}" (workers_ai) needs account_id (or CLOUDFLARE_ACCOUNT_ID), or api_base`,
      { code: "missing_account_id" },
    );
  }
  return `${CLOUDFLARE_API}/accounts/${encodeURIComponent(params.account_id)}/ai/run/${opts.model}`;
}
