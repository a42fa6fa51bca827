import type { ChatAdapter, Provider, UpstreamRequest } from "../provider.js";
import { toOllamaBody } from "./convert-request.js";
import { toCompletion } from "./convert-response.js";
import { parseOllamaError } from "./error.js";
import { ollamaStreamMapper } from "./stream.js";
import { ollamaEmbeddings } from "./embeddings.js";

export const OLLAMA_API_BASE = "http://localhost:11434";

/** `{api_base}/api/chat`; a base that already ends in /api is accepted as is. */
export function ollamaChatUrl(apiBase: string | undefined): string {
  const base = (apiBase ?? OLLAMA_API_BASE).replace(/\/+$/, "");
  return /\/api$/.test(base) ? `${base}/chat` : `${base}/api/chat`;
}

/**
 * Ollama's native chat API (POST /api/chat, NDJSON streaming). Registered as both `ollama` and
 * `ollama_chat`. api_base defaults to a local Ollama (or OLLAMA_API_BASE); an api_key, when
 * configured (Ollama behind an authenticating proxy, or Ollama's hosted API), is sent as Bearer.
 */
export const ollamaAdapter: ChatAdapter = {
  name: "ollama",
  streamFraming: "ndjson",
  unsupportedParams: () => ["logit_bias", "logprobs", "top_logprobs", "n"],
  async buildRequest(ctx): Promise<UpstreamRequest> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const key = ctx.deployment.params.api_key;
    if (key) headers.authorization = `Bearer ${key}`;
    return {
      url: ollamaChatUrl(ctx.deployment.params.api_base),
      headers,
      body: JSON.stringify(await toOllamaBody(ctx)),
    };
  },
  parseResponse: (ctx, body) => toCompletion(ctx, body),
  createStreamMapper: (ctx) => ollamaStreamMapper(ctx),
  parseError: (_ctx, res) => parseOllamaError(res),
};

export const ollamaProvider: Provider = {
  name: "ollama",
  defaultEnv: { api_base: "OLLAMA_API_BASE", api_key: "OLLAMA_API_KEY" },
  chat: ollamaAdapter,
  embeddings: ollamaEmbeddings,
};
