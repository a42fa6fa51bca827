import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { embeddingsAnswer, estimatedTokens, textInputsOf } from "../shared/embeddings.js";
import { parseUpstreamAs } from "../shared/json.js";
import { GeminiBatchEmbeddings } from "./api.js";
import { parseGoogleError } from "./error.js";
import { geminiModelUrl } from "./url.js";
import { missingGeminiKey } from "./key.js";

const PROVIDER = "gemini";

/** The Gemini API's documented ceiling on requests per batchEmbedContents call. */
const GEMINI_EMBEDDINGS_BATCH = 100;

/** Cohere-style input types (LiteLLM's `input_type`) as Google's task types. */
const TASK_TYPES: Readonly<Record<string, string>> = {
  search_document: "RETRIEVAL_DOCUMENT",
  search_query: "RETRIEVAL_QUERY",
  classification: "CLASSIFICATION",
  clustering: "CLUSTERING",
};

/**
 * Google's task type for an embeddings request: `task_type` (LiteLLM's Vertex parameter) as given,
 * else `input_type` (search_document → RETRIEVAL_DOCUMENT, ...; a Google name passes as is).
 * Undefined when the request names none (the model's default applies).
 */
export function googleTaskType(r: EmbeddingsRequest): string | undefined {
  const t = r.task_type ?? r.input_type;
  if (!t) return undefined;
  return TASK_TYPES[t] ?? t.toUpperCase();
}

/**
 * Gemini API embeddings: POST {base}/v1beta/models/{model}:batchEmbedContents, one request per
 * text (`dimensions` → outputDimensionality, task type from `task_type` / `input_type`). The API
 * reports no token counts: usage is estimated (shared/embeddings.ts), which is how the paid tier's
 * per-token price is applied.
 */
export const geminiEmbeddings: OperationAdapter<EmbeddingsRequest, EmbeddingsResponse> = {
  answer: "json",
  maxBatch: () => GEMINI_EMBEDDINGS_BATCH,
  buildRequest(ctx): UpstreamRequest {
    const d = ctx.deployment;
    const key = d.params.api_key;
    if (!key) throw missingGeminiKey(d.modelName);
    const model = `models/${d.model.replace(/^models\//, "")}`;
    const taskType = googleTaskType(ctx.request);
    const requests = textInputsOf(ctx.request.input, PROVIDER).map((text) => ({
      model,
      content: { parts: [{ text }] },
      ...(taskType ? { taskType } : {}),
      ...(ctx.request.dimensions ? { outputDimensionality: ctx.request.dimensions } : {}),
    }));
    return {
      url: geminiModelUrl({ apiBase: d.params.api_base, model: d.model, method: "batchEmbedContents" }),
      headers: { "content-type": "application/json", "x-goog-api-key": key },
      body: JSON.stringify({ requests }),
    };
  },
  parseResponse(ctx, body): EmbeddingsResponse {
    const b = parseUpstreamAs(GeminiBatchEmbeddings, body, PROVIDER);
    return embeddingsAnswer({
      vectors: b.embeddings.map((e) => e.values),
      model: ctx.deployment.model,
      promptTokens: estimatedTokens(textInputsOf(ctx.request.input, PROVIDER)),
    });
  },
  parseError: (_ctx, res) => parseGoogleError(PROVIDER, res),
};
