import type { Deployment } from "../deployment.js";
import type { RerankRequest, RerankResponse } from "../../openai/rerank.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { parseUpstreamAs } from "../shared/json.js";
import { documentText, rankedResults, rerankAnswer } from "../shared/rerank.js";
import { BedrockRerankResponse } from "./api.js";
import { authHeaders } from "./auth.js";
import { parseBedrockError, PROVIDER } from "./error.js";
import { modelIdOf, regionOf } from "./url.js";

/** Bedrock bills a rerank query per 100 documents (a document over the model's chunk size counts more). */
const DOCUMENTS_PER_QUERY = 100;

/** POST {endpoint}/rerank on the Agent Runtime (`api_base` replaces the regional endpoint). */
export function rerankUrl(d: Deployment): string {
  const base = (d.params.api_base ?? `https://bedrock-agent-runtime.${regionOf(d)}.amazonaws.com`).replace(/\/+$/, "");
  return `${base}/rerank`;
}

/** The foundation model's ARN (a model id that is already an ARN is kept). */
export function modelArn(d: Deployment): string {
  const id = modelIdOf(d.model);
  return id.startsWith("arn:") ? id : `arn:aws:bedrock:${regionOf(d)}::foundation-model/${id}`;
}

/**
 * Bedrock rerank models (Cohere Rerank 3.5 `cohere.rerank-v3-5:0`, Amazon Rerank `amazon.rerank-v1:0`)
 * through the Agent Runtime Rerank API, SigV4-signed like the rest of Bedrock: one text query, inline
 * text documents, `numberOfResults` from top_n (all documents when absent). Billed per query.
 */
export const bedrockRerank: OperationAdapter<RerankRequest, RerankResponse> = {
  answer: "json",
  unsupportedParams: () => ["rank_fields", "max_chunks_per_doc", "max_tokens_per_doc"],
  async buildRequest(ctx): Promise<UpstreamRequest> {
    const r = ctx.request;
    const d = ctx.deployment;
    const body = JSON.stringify({
      queries: [{ type: "TEXT", textQuery: { text: r.query } }],
      sources: r.documents.map((doc) => ({
        type: "INLINE",
        inlineDocumentSource: { type: "TEXT", textDocument: { text: documentText(doc) } },
      })),
      rerankingConfiguration: {
        type: "BEDROCK_RERANKING_MODEL",
        bedrockRerankingConfiguration: {
          numberOfResults: Math.min(r.top_n ?? r.documents.length, r.documents.length),
          modelConfiguration: { modelArn: modelArn(d) },
        },
      },
    });
    const url = rerankUrl(d);
    return { url, method: "POST", headers: await authHeaders({ ctx, url, body }), body };
  },
  parseResponse(ctx, body): RerankResponse {
    const b = parseUpstreamAs(BedrockRerankResponse, body, PROVIDER);
    const results = b.results.map((x) => ({ index: x.index, relevance_score: x.relevanceScore }));
    return rerankAnswer({
      id: ctx.requestId,
      results: rankedResults(results, ctx.request),
      searchUnits: Math.ceil(ctx.request.documents.length / DOCUMENTS_PER_QUERY),
    });
  },
  parseError: (_ctx, res) => parseBedrockError(res),
};
