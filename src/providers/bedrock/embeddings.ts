import { BadRequestError } from "../../errors/gateway-error.js";
import type { EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import type { Deployment } from "../deployment.js";
import type { OperationAdapter, ProviderContext, UpstreamRequest } from "../provider.js";
import { embeddingsAnswer, estimatedTokens, textInputsOf } from "../shared/embeddings.js";
import { parseUpstreamText } from "../shared/json.js";
import { CohereBedrockEmbeddings, TitanEmbedding } from "./api.js";
import { authHeaders } from "./auth.js";
import { parseBedrockError, PROVIDER } from "./error.js";
import { invokeUrl, modelIdOf } from "./url.js";

/** Cohere Embed's documented ceiling on texts per call. */
const COHERE_EMBED_BATCH = 96;

type Family = "titan-v1" | "titan-v2" | "cohere-v3" | "cohere-v4";

/** Which embeddings API a Bedrock model speaks, from its id (or model_info.base_model for ARNs). */
function familyOf(d: Deployment): Family | undefined {
  const id = d.modelInfo.base_model ?? modelIdOf(d.model);
  if (/(^|\.)amazon\.titan-embed-text-v2/.test(id)) return "titan-v2";
  if (/(^|\.)amazon\.titan-embed-text-v1|(^|\.)amazon\.titan-embed-g1-text/.test(id)) return "titan-v1";
  if (/(^|\.)cohere\.embed-v4/.test(id)) return "cohere-v4";
  if (/(^|\.)cohere\.embed-/.test(id)) return "cohere-v3";
  return undefined;
}

function familyFor(d: Deployment): Family {
  const f = familyOf(d);
  if (f) return f;
  throw new BadRequestError(
    `model "${d.modelName}" (bedrock/${d.model}) is not a Bedrock embeddings model the gateway can call (Titan Text Embeddings or Cohere Embed; set model_info.base_model for an ARN)`,
    { code: "unsupported_model" },
  );
}

/** The InvokeModel body: Titan takes one `inputText`; Cohere takes the `texts` with an input type. */
function bodyOf(ctx: ProviderContext<EmbeddingsRequest>, family: Family): Record<string, unknown> {
  const r = ctx.request;
  const texts = textInputsOf(r.input, PROVIDER);
  if (family === "titan-v1") return { inputText: texts[0] };
  if (family === "titan-v2") {
    const body: Record<string, unknown> = { inputText: texts[0] };
    if (r.dimensions) body.dimensions = r.dimensions;
    if (typeof r.normalize === "boolean") body.normalize = r.normalize;
    return body;
  }
  const body: Record<string, unknown> = {
    texts,
    input_type: r.input_type ?? "search_document",
    embedding_types: ["float"],
  };
  if (typeof r.truncate === "string") body.truncate = r.truncate;
  if (family === "cohere-v4" && r.dimensions) body.output_dimension = r.dimensions;
  return body;
}

/**
 * Bedrock embeddings through InvokeModel (POST /model/{id}/invoke, SigV4 or a Bedrock API key):
 * Titan Text Embeddings v1/v2 (one text per call: a list is split into calls and rejoined; v2 takes
 * `dimensions` and `normalize`) and Cohere Embed v3/v4 (up to 96 texts; `input_type` passed through,
 * default search_document; v4 takes `dimensions` as output_dimension). Usage: Titan's
 * inputTextTokenCount, else Bedrock's X-Amzn-Bedrock-Input-Token-Count header, else estimated.
 */
export const bedrockEmbeddings: OperationAdapter<EmbeddingsRequest, EmbeddingsResponse> = {
  answer: "raw",
  maxBatch: (d) => (familyOf(d)?.startsWith("titan") ? 1 : COHERE_EMBED_BATCH),
  unsupportedParams: (d) => (familyOf(d) === "titan-v1" || familyOf(d) === "cohere-v3" ? ["dimensions"] : []),
  async buildRequest(ctx): Promise<UpstreamRequest> {
    const body = JSON.stringify(bodyOf(ctx, familyFor(ctx.deployment)));
    const url = invokeUrl(ctx.deployment);
    return { url, method: "POST", headers: await authHeaders({ ctx, url, body }), body };
  },
  async parseResponse(ctx, answer): Promise<EmbeddingsResponse> {
    const res = answer as Response;
    const text = await res.text();
    const counted = Number(res.headers.get("x-amzn-bedrock-input-token-count") ?? Number.NaN);
    const texts = textInputsOf(ctx.request.input, PROVIDER);
    let vectors: number[][];
    let tokens: number | undefined;
    if (familyFor(ctx.deployment).startsWith("titan")) {
      const b = parseUpstreamText(TitanEmbedding, text, PROVIDER);
      vectors = [b.embedding];
      tokens = b.inputTextTokenCount ?? undefined;
    } else {
      const b = parseUpstreamText(CohereBedrockEmbeddings, text, PROVIDER);
      vectors = Array.isArray(b.embeddings) ? b.embeddings : b.embeddings.float;
    }
    tokens ??= Number.isFinite(counted) ? counted : estimatedTokens(texts);
    return embeddingsAnswer({ vectors, model: ctx.deployment.model, promptTokens: tokens });
  },
  parseError: (_ctx, res) => parseBedrockError(res),
};
