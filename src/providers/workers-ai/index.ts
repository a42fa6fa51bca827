import { BadRequestError } from "../../errors/gateway-error.js";
import type { ChatAdapter, Provider, UpstreamRequest } from "../provider.js";
import { bindingUrl, sendViaBinding, usesBinding } from "./binding.js";
import { workersAiBindingInputs, workersAiRestBody, workersAiRestUrl } from "./convert-request.js";
import { toCompletion } from "./convert-response.js";
import { parseWorkersAiError } from "./error.js";
import { workersAiStreamMapper } from "./stream.js";
import { workersAiEmbeddings } from "./embeddings.js";
import { workersAiImages } from "./images.js";
import { workersAiTranscription } from "./transcription.js";

const PROVIDER = "workers_ai";

/**
 * Cloudflare Workers AI, `workers_ai/@cf/meta/llama-3.1-8b-instruct`. Two transports: the
 * Worker's AI binding when there is one (and no api_base is configured), else the REST
 * OpenAI-compatible endpoint with a Bearer API token (CLOUDFLARE_API_TOKEN) on the account
 * (account_id ← CLOUDFLARE_ACCOUNT_ID) or on api_base.
 */
export const workersAiAdapter: ChatAdapter = {
  name: PROVIDER,
  streamFraming: "sse",
  unsupportedParams: () => ["logit_bias", "logprobs", "top_logprobs", "n"],
  buildRequest(ctx): UpstreamRequest {
    const d = ctx.deployment;
    if (usesBinding(ctx)) {
      return {
        url: bindingUrl(d.model),
        headers: { "content-type": "application/json" },
        body: JSON.stringify(workersAiBindingInputs(ctx)),
      };
    }
    if (!d.params.api_key) {
      throw new BadRequestError(
        `model "${d.modelName}" (workers_ai) has no api_key (set litellm_params.api_key or CLOUDFLARE_API_TOKEN)`,
        { code: "missing_api_key" },
      );
    }
    return {
      url: workersAiRestUrl(d.params, d.modelName),
      headers: { "content-type": "application/json", authorization: `Bearer ${d.params.api_key}` },
      body: workersAiRestBody(ctx),
    };
  },
  async send(ctx, req) {
    if (usesBinding(ctx)) return sendViaBinding(ctx, req);
    return ctx.fetch(req.url, {
      method: req.method ?? "POST",
      headers: req.headers,
      body: req.body,
      signal: ctx.signal,
    });
  },
  parseResponse: (ctx, body) => toCompletion(ctx, body),
  createStreamMapper: (ctx) => workersAiStreamMapper(ctx),
  parseError: (_ctx, res) => parseWorkersAiError(res),
};

export const workersAiProvider: Provider = {
  name: PROVIDER,
  defaultEnv: { api_key: "CLOUDFLARE_API_TOKEN", account_id: "CLOUDFLARE_ACCOUNT_ID" },
  chat: workersAiAdapter,
  embeddings: workersAiEmbeddings,
  imageGeneration: workersAiImages,
  transcription: workersAiTranscription,
};
