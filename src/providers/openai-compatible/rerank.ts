import type { RerankRequest, RerankResponse } from "../../openai/rerank.js";
import type { OperationAdapter, ProviderContext, UpstreamRequest } from "../provider.js";
import { parseUpstreamAs } from "../shared/json.js";
import { documentText, rankedResults, rerankAnswer } from "../shared/rerank.js";
import { UpstreamRerank, UpstreamVoyageRerank } from "./api.js";
import { parseOpenAIError } from "./error.js";
import { baseOf, vendorHeaders } from "./vendor-request.js";
import type { VendorRow } from "./vendors.js";

function rerankUrl(row: VendorRow, ctx: ProviderContext<RerankRequest>): string {
  return `${baseOf(row, ctx.deployment).replace(/\/+$/, "")}/rerank`;
}

/** Cohere's rerank shape (Jina, Together, vLLM): the request as sent, results and token usage back. */
function cohereShaped(row: VendorRow): OperationAdapter<RerankRequest, RerankResponse> {
  return {
    answer: "json",
    unsupportedParams: () => ["max_chunks_per_doc", "max_tokens_per_doc"],
    buildRequest(ctx): UpstreamRequest {
      const r = ctx.request;
      const body: Record<string, unknown> = { model: ctx.deployment.model, query: r.query, documents: r.documents };
      if (r.top_n != null) body.top_n = r.top_n;
      if (r.return_documents != null) body.return_documents = r.return_documents;
      if (r.rank_fields != null) body.rank_fields = r.rank_fields;
      return { url: rerankUrl(row, ctx), headers: vendorHeaders(row, ctx.deployment), body: JSON.stringify(body) };
    },
    parseResponse(ctx, body): RerankResponse {
      const b = parseUpstreamAs(UpstreamRerank, body, row.name);
      return rerankAnswer({
        id: b.id ?? ctx.requestId,
        results: rankedResults(b.results, ctx.request),
        searchUnits: b.meta?.billed_units?.search_units,
        tokens: b.usage?.total_tokens ?? b.usage?.prompt_tokens ?? b.meta?.billed_units?.total_tokens,
      });
    },
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}

/** Voyage's rerank: documents as strings, `top_k`, results in `data`. */
function voyageShaped(row: VendorRow): OperationAdapter<RerankRequest, RerankResponse> {
  return {
    answer: "json",
    unsupportedParams: () => ["rank_fields", "max_chunks_per_doc", "max_tokens_per_doc"],
    buildRequest(ctx): UpstreamRequest {
      const r = ctx.request;
      const body: Record<string, unknown> = {
        model: ctx.deployment.model,
        query: r.query,
        documents: r.documents.map(documentText),
      };
      if (r.top_n != null) body.top_k = r.top_n;
      return { url: rerankUrl(row, ctx), headers: vendorHeaders(row, ctx.deployment), body: JSON.stringify(body) };
    },
    parseResponse(ctx, body): RerankResponse {
      const b = parseUpstreamAs(UpstreamVoyageRerank, body, row.name);
      return rerankAnswer({
        id: ctx.requestId,
        results: rankedResults(b.data, ctx.request),
        tokens: b.usage?.total_tokens,
      });
    },
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}

/** The row's rerank adapter, if it has one. */
export function openAICompatibleRerank(row: VendorRow): OperationAdapter<RerankRequest, RerankResponse> | undefined {
  if (row.rerank === "cohere") return cohereShaped(row);
  if (row.rerank === "voyage") return voyageShaped(row);
  return undefined;
}
