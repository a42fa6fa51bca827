import { BadRequestError } from "../../errors/gateway-error.js";
import type { ChatAdapter, Provider, UpstreamRequest } from "../provider.js";
import { toCohereBody } from "./convert-request.js";
import { toCompletion } from "./convert-response.js";
import { parseCohereError } from "./error.js";
import { cohereRerank } from "./rerank.js";
import { cohereStreamMapper } from "./stream.js";
import { cohereEmbeddings } from "./embeddings.js";

const PROVIDER = "cohere";
export const COHERE_API_BASE = "https://api.cohere.com";

/** `{api_base}/v2/chat`; a base already ending in /v2 is accepted as is. */
export function cohereChatUrl(apiBase: string | undefined): string {
  const base = (apiBase ?? COHERE_API_BASE).replace(/\/+$/, "");
  return /\/v2$/.test(base) ? `${base}/chat` : `${base}/v2/chat`;
}

/**
 * Cohere v2 chat (POST /v2/chat, Bearer auth). The key comes from litellm_params.api_key or
 * COHERE_API_KEY (Cohere's SDKs call it CO_API_KEY: set COHERE_API_KEY, or reference it with
 * os.environ/CO_API_KEY in the config).
 */
export const cohereAdapter: ChatAdapter = {
  name: PROVIDER,
  streamFraming: "sse",
  unsupportedParams: () => ["logit_bias", "logprobs", "top_logprobs", "n"],
  buildRequest(ctx): UpstreamRequest {
    const key = ctx.deployment.params.api_key;
    if (!key)
      throw new BadRequestError(
        `model "${ctx.deployment.modelName}" (cohere) has no api_key (set litellm_params.api_key or COHERE_API_KEY)`,
        { code: "missing_api_key" },
      );
    const headers: Record<string, string> = { "content-type": "application/json", authorization: `Bearer ${key}` };
    if (ctx.stream) headers.accept = "text/event-stream";
    return { url: cohereChatUrl(ctx.deployment.params.api_base), headers, body: JSON.stringify(toCohereBody(ctx)) };
  },
  parseResponse: (ctx, body) => toCompletion(ctx, body),
  createStreamMapper: (ctx) => cohereStreamMapper(ctx),
  parseError: (_ctx, res) => parseCohereError(res),
};

export const cohereProvider: Provider = {
  name: PROVIDER,
  defaultEnv: { api_key: "COHERE_API_KEY", api_base: "COHERE_API_BASE" },
  chat: cohereAdapter,
  embeddings: cohereEmbeddings,
  rerank: cohereRerank,
};
