import { BadRequestError } from "../../errors/gateway-error.js";
import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { embeddingsAnswer, estimatedTokens, textInputsOf } from "../shared/embeddings.js";
import { parseUpstreamAs } from "../shared/json.js";
import { CohereEmbedResponse } from "./api.js";
import { parseCohereError } from "./error.js";
import { COHERE_API_BASE } from "./index.js";

const PROVIDER = "cohere";

/** Cohere's documented ceiling on texts per embed call. */
const COHERE_EMBED_BATCH = 96;

/** `{api_base}/v2/embed`; a base already ending in /v2 is accepted as is. */
export function cohereEmbedUrl(apiBase: string | undefined): string {
  const base = (apiBase ?? COHERE_API_BASE).replace(/\/+$/, "");
  return /\/v2$/.test(base) ? `${base}/embed` : `${base}/v2/embed`;
}

/**
 * Cohere v2 embed (POST /v2/embed, Bearer auth): `texts` with `input_type` passed through
 * (default search_document, which Cohere's v3+ models require), `embedding_types: ["float"]`
 * (OpenAI's answer carries floats; base64 is encoded by the gateway), `dimensions` →
 * output_dimension (embed-v4.0), `truncate` passed through. Usage: meta.billed_units.input_tokens.
 */
export const cohereEmbeddings: OperationAdapter<EmbeddingsRequest, EmbeddingsResponse> = {
  answer: "json",
  maxBatch: () => COHERE_EMBED_BATCH,
  buildRequest(ctx): UpstreamRequest {
    const d = ctx.deployment;
    const key = d.params.api_key;
    if (!key)
      throw new BadRequestError(
        `model "${d.modelName}" (cohere) has no api_key (set litellm_params.api_key or COHERE_API_KEY)`,
        { code: "missing_api_key" },
      );
    const r = ctx.request;
    const body: Record<string, unknown> = {
      model: d.model,
      texts: textInputsOf(r.input, PROVIDER),
      input_type: r.input_type ?? "search_document",
      embedding_types: ["float"],
    };
    if (r.dimensions) body.output_dimension = r.dimensions;
    if (typeof r.truncate === "string") body.truncate = r.truncate;
    return {
      url: cohereEmbedUrl(d.params.api_base),
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    };
  },
  parseResponse(ctx, body): EmbeddingsResponse {
    const b = parseUpstreamAs(CohereEmbedResponse, body, PROVIDER);
    const billed = b.meta?.billed_units?.input_tokens;
    return embeddingsAnswer({
      vectors: b.embeddings.float ?? [],
      model: ctx.deployment.model,
      promptTokens: billed ?? estimatedTokens(textInputsOf(ctx.request.input, PROVIDER)),
    });
  },
  parseError: (_ctx, res) => parseCohereError(res),
};
