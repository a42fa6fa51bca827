import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { parseUpstreamAs } from "../shared/json.js";
import { UpstreamEmbeddings } from "./api.js";
import { parseOpenAIError } from "./error.js";
import { isPlainEmbeddings } from "./fast-shape.js";
import { baseOf, vendorHeaders } from "./vendor-request.js";
import type { VendorRow } from "./vendors.js";

/** An OpenAI-shaped embeddings answer (OpenAI, Azure, compatible vendors) validated and normalised. */
export function toEmbeddingsResponse(opts: { body: unknown; provider: string; model: string }): EmbeddingsResponse {
  const b = isPlainEmbeddings(opts.body)
    ? (opts.body as UpstreamEmbeddings)
    : parseUpstreamAs(UpstreamEmbeddings, opts.body, opts.provider);
  return {
    object: "list",
    data: b.data.map((e, i) => ({ object: "embedding", index: e.index ?? i, embedding: e.embedding })),
    model: b.model ?? opts.model,
    usage: {
      // Voyage reports only total_tokens (its embeddings have no completion side).
      prompt_tokens: b.usage?.prompt_tokens ?? b.usage?.total_tokens ?? 0,
      total_tokens: b.usage?.total_tokens ?? b.usage?.prompt_tokens ?? 0,
    },
  };
}

/** POST {base}/embeddings in OpenAI's shape. Vendors without base64 output are asked for floats. */
export function openAICompatibleEmbeddings(row: VendorRow): OperationAdapter<EmbeddingsRequest, EmbeddingsResponse> {
  return {
    answer: "json",
    maxBatch: () => row.embeddingsBatch ?? 2048,
    buildRequest(ctx): UpstreamRequest {
      const body: Record<string, unknown> = { ...ctx.request, model: ctx.deployment.model };
      if (!row.embeddingsBase64 || body.encoding_format !== "base64") delete body.encoding_format;
      return {
        url: `${baseOf(row, ctx.deployment).replace(/\/+$/, "")}/embeddings`,
        headers: vendorHeaders(row, ctx.deployment),
        body: JSON.stringify(body),
      };
    },
    parseResponse: (ctx, body) => toEmbeddingsResponse({ body, provider: row.name, model: ctx.deployment.model }),
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}
