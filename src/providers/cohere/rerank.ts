import { BadRequestError } from "../../errors/gateway-error.js";
import type { RerankRequest, RerankResponse } from "../../openai/rerank.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { parseUpstreamAs } from "../shared/json.js";
import { documentText, rankedResults, rerankAnswer } from "../shared/rerank.js";
import { CohereRerankResponse } from "./api.js";
import { parseCohereError } from "./error.js";

const COHERE_API_BASE = "https://api.cohere.com";

/** `{api_base}/v2/rerank`; a base already ending in /v2 is accepted as is. */
export function cohereRerankUrl(apiBase: string | undefined): string {
  const base = (apiBase ?? COHERE_API_BASE).replace(/\/+$/, "");
  return /\/v2$/.test(base) ? `${base}/rerank` : `${base}/v2/rerank`;
}

/**
 * Cohere v2 rerank (POST /v2/rerank). v2 takes documents as strings and returns no documents, so
 * document objects are sent as their text and `return_documents` is answered by the gateway; billed
 * in search units (meta.billed_units.search_units).
 */
export const cohereRerank: OperationAdapter<RerankRequest, RerankResponse> = {
  answer: "json",
  unsupportedParams: () => ["rank_fields", "max_chunks_per_doc"],
  buildRequest(ctx): UpstreamRequest {
    const key = ctx.deployment.params.api_key;
    if (!key)
      throw new BadRequestError(
        `model "${ctx.deployment.modelName}" (cohere) has no api_key (set litellm_params.api_key or COHERE_API_KEY)`,
        { code: "missing_api_key" },
      );
    const r = ctx.request;
    const body: Record<string, unknown> = {
      model: ctx.deployment.model,
      query: r.query,
      documents: r.documents.map(documentText),
    };
    if (r.top_n != null) body.top_n = r.top_n;
    if (r.max_tokens_per_doc != null) body.max_tokens_per_doc = r.max_tokens_per_doc;
    return {
      url: cohereRerankUrl(ctx.deployment.params.api_base),
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    };
  },
  parseResponse(ctx, body): RerankResponse {
    const b = parseUpstreamAs(CohereRerankResponse, body, "cohere");
    return rerankAnswer({
      id: b.id ?? ctx.requestId,
      results: rankedResults(b.results, ctx.request),
      searchUnits: b.meta?.billed_units?.search_units,
    });
  },
  parseError: (_ctx, res) => parseCohereError(res),
};
