import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import type { OperationAdapter } from "../provider.js";
import { embeddingsAnswer, estimatedTokens, textInputsOf } from "../shared/embeddings.js";
import { parseUpstreamAs } from "../shared/json.js";
import { runOutputOf, WorkersAiEmbeddings } from "./api.js";
import { nativeRequest, sendNative } from "./binding.js";
import { carriesError, parseWorkersAiError, workersAiInStreamError } from "./error.js";

const PROVIDER = "workers_ai";

/** The text embedding models' ceiling on texts per call. */
const WORKERS_AI_EMBEDDINGS_BATCH = 100;

/**
 * Workers AI text embeddings (`@cf/baai/bge-*`): `{text: [...]}` through the AI binding, or REST
 * `{account}/ai/run/{model}`; `pooling` ("mean" / "cls") passed through. The models report no token
 * counts: usage is estimated (shared/embeddings.ts) and priced per token as Cloudflare lists it.
 */
export const workersAiEmbeddings: OperationAdapter<EmbeddingsRequest, EmbeddingsResponse> = {
  answer: "json",
  maxBatch: () => WORKERS_AI_EMBEDDINGS_BATCH,
  unsupportedParams: () => ["dimensions"],
  buildRequest(ctx) {
    const inputs: Record<string, unknown> = { text: textInputsOf(ctx.request.input, PROVIDER) };
    if (ctx.request.pooling === "mean" || ctx.request.pooling === "cls") inputs.pooling = ctx.request.pooling;
    return nativeRequest(ctx, inputs);
  },
  send: (ctx, req) => sendNative(ctx, req),
  parseResponse(ctx, body): EmbeddingsResponse {
    if (body && typeof body === "object" && carriesError(body)) throw workersAiInStreamError(body);
    const out = parseUpstreamAs(WorkersAiEmbeddings, runOutputOf(body), PROVIDER);
    return embeddingsAnswer({
      vectors: out.data,
      model: ctx.deployment.model,
      promptTokens: estimatedTokens(textInputsOf(ctx.request.input, PROVIDER)),
    });
  },
  parseError: (_ctx, res) => parseWorkersAiError(res),
};
