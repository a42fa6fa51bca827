import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import { toEmbeddingsResponse } from "../openai-compatible/embeddings.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { parseAzureError } from "./error.js";
import { azureTarget } from "./request.js";

/** Azure OpenAI's documented ceiling on inputs per embeddings call. */
const AZURE_EMBEDDINGS_BATCH = 2048;

/**
 * Azure OpenAI embeddings: {base}/openai/deployments/{deployment}/embeddings?api-version=X, or
 * {base}/openai/v1/embeddings with the model in the body; OpenAI's body and answer otherwise.
 */
export const azureEmbeddings: OperationAdapter<EmbeddingsRequest, EmbeddingsResponse> = {
  answer: "json",
  maxBatch: () => AZURE_EMBEDDINGS_BATCH,
  buildRequest(ctx): UpstreamRequest {
    const { url, v1, headers } = azureTarget(ctx.deployment, "embeddings");
    const body: Record<string, unknown> = { ...ctx.request };
    if (v1) body.model = ctx.deployment.model;
    else delete body.model;
    return { url, headers, body: JSON.stringify(body) };
  },
  parseResponse: (ctx, body) => toEmbeddingsResponse({ body, provider: "azure", model: ctx.deployment.model }),
  parseError: (_ctx, res) => parseAzureError(res),
};
