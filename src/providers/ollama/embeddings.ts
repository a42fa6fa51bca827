import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { embeddingsAnswer, estimatedTokens, textInputsOf } from "../shared/embeddings.js";
import { parseUpstreamAs } from "../shared/json.js";
import { OllamaEmbedResponse } from "./api.js";
import { parseOllamaError } from "./error.js";
import { OLLAMA_API_BASE } from "./index.js";

const PROVIDER = "ollama";

/** `{api_base}/api/embed`; a base that already ends in /api is accepted as is. */
export function ollamaEmbedUrl(apiBase: string | undefined): string {
  const base = (apiBase ?? OLLAMA_API_BASE).replace(/\/+$/, "");
  return /\/api$/.test(base) ? `${base}/embed` : `${base}/api/embed`;
}

/**
 * Ollama's embed API (POST /api/embed): `input` as a string or list, `dimensions` and `truncate`
 * passed through. Usage: prompt_eval_count (estimated when absent). A local Ollama has no batch limit.
 */
export const ollamaEmbeddings: OperationAdapter<EmbeddingsRequest, EmbeddingsResponse> = {
  answer: "json",
  buildRequest(ctx): UpstreamRequest {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const key = ctx.deployment.params.api_key;
    if (key) headers.authorization = `Bearer ${key}`;
    const r = ctx.request;
    const body: Record<string, unknown> = { model: ctx.deployment.model, input: textInputsOf(r.input, PROVIDER) };
    if (r.dimensions) body.dimensions = r.dimensions;
    if (typeof r.truncate === "boolean") body.truncate = r.truncate;
    if (r.keep_alive !== undefined) body.keep_alive = r.keep_alive;
    return { url: ollamaEmbedUrl(ctx.deployment.params.api_base), headers, body: JSON.stringify(body) };
  },
  parseResponse(ctx, body): EmbeddingsResponse {
    const b = parseUpstreamAs(OllamaEmbedResponse, body, PROVIDER);
    return embeddingsAnswer({
      vectors: b.embeddings,
      model: ctx.deployment.model,
      promptTokens: b.prompt_eval_count ?? estimatedTokens(textInputsOf(ctx.request.input, PROVIDER)),
    });
  },
  parseError: (_ctx, res) => parseOllamaError(res),
};
