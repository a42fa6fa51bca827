import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import { googleTaskType } from "../gemini/embeddings.js";
import { parseGoogleError } from "../gemini/error.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { embeddingsAnswer, textInputsOf } from "../shared/embeddings.js";
import { parseUpstreamAs } from "../shared/json.js";
import { VertexEmbeddingPredictions } from "./api.js";
import { vertexAuth } from "./auth.js";
import { DEFAULT_VERTEX_LOCATION, vertexUrl } from "./url.js";

const PROVIDER = "vertex_ai";

/** Vertex's documented ceilings on texts per `predict` call: 250, and one for the Gemini embedding models. */
const VERTEX_EMBEDDINGS_BATCH = 250;

/**
 * Vertex AI text embeddings (text-embedding-005, text-multilingual-embedding-002,
 * gemini-embedding-001): POST .../publishers/google/models/{model}:predict with one instance per
 * text (`task_type` from the request's task_type / input_type), `dimensions` →
 * parameters.outputDimensionality. Usage is the token count Vertex reports per text.
 */
export const vertexEmbeddings: OperationAdapter<EmbeddingsRequest, EmbeddingsResponse> = {
  answer: "json",
  maxBatch: (d) => (/^gemini-embedding/.test(d.model) ? 1 : VERTEX_EMBEDDINGS_BATCH),
  async buildRequest(ctx): Promise<UpstreamRequest> {
    const p = ctx.deployment.params;
    const taskType = googleTaskType(ctx.request);
    const instances = textInputsOf(ctx.request.input, PROVIDER).map((content) => ({
      content,
      ...(taskType ? { task_type: taskType } : {}),
    }));
    const parameters = ctx.request.dimensions ? { outputDimensionality: ctx.request.dimensions } : undefined;
    const auth = await vertexAuth(ctx, { expressAllowed: true });
    const url = vertexUrl({
      apiBase: p.api_base,
      project: auth.project,
      location: auth.project === undefined ? "global" : (p.vertex_location ?? DEFAULT_VERTEX_LOCATION),
      publisher: "google",
      model: ctx.deployment.model,
      method: "predict",
    });
    return {
      url,
      headers: { "content-type": "application/json", ...auth.headers },
      body: JSON.stringify(parameters ? { instances, parameters } : { instances }),
    };
  },
  parseResponse(ctx, body): EmbeddingsResponse {
    const b = parseUpstreamAs(VertexEmbeddingPredictions, body, PROVIDER);
    let tokens = 0;
    for (const p of b.predictions) tokens += p.embeddings.statistics?.token_count ?? 0;
    return embeddingsAnswer({
      vectors: b.predictions.map((p) => p.embeddings.values),
      model: ctx.deployment.model,
      promptTokens: tokens,
    });
  },
  parseError: (_ctx, res) => parseGoogleError(PROVIDER, res),
};
