import { pricesFor } from "../../accounting/cost.js";
import { utf8Length } from "../../accounting/estimate.js";
import type { Metered } from "../../accounting/metered.js";
import { lookupPrice } from "../../accounting/prices.js";
import { RerankRequest, type RerankResponse } from "../../openai/rerank.js";
import { documentText } from "../../providers/shared/rerank.js";
import { callOperation } from "../../upstream/call-operation.js";
import type { AttemptContext, Operation } from "../operation.js";
import { parseRequest } from "../parse-request.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonAnswer, jsonText } from "../respond.js";

/** Documents per search unit (Cohere, Bedrock); a long document is split into chunks that count separately. */
const DOCUMENTS_PER_SEARCH_UNIT = 100;
/** The smallest chunk a long document is split into for the bound (bytes; vendors chunk by 512+ tokens). */
const MIN_CHUNK_BYTES = 256;

/** Upper bounds before the call: tokens (query once per document, plus the documents) and search units. */
export function rerankBounds(r: RerankRequest): { tokens: number; searchUnits: number } {
  const query = utf8Length(r.query);
  let tokens = 0;
  let chunks = 0;
  for (const d of r.documents) {
    const bytes = utf8Length(documentText(d));
    tokens += query + bytes;
    chunks += Math.max(1, Math.ceil(bytes / MIN_CHUNK_BYTES));
  }
  return { tokens, searchUnits: Math.ceil(chunks / DOCUMENTS_PER_SEARCH_UNIT) };
}

async function rerank(ctx: AttemptContext<RerankRequest>): Promise<RerankResponse> {
  const { deps, deployment } = ctx;
  const adapter = deployment.adapter.rerank!;
  const prepared = prepareForDeployment({
    request: ctx.request,
    adapter,
    deployment,
    dropParams: deps.config.dropParams,
  });
  return callOperation({
    adapter,
    timeouts: ctx.timeouts,
    clientSignal: ctx.signal,
    ctx: {
      deployment: prepared.deployment,
      request: prepared.request,
      stream: false,
      fetch: deps.fetch,
      now: deps.now,
      requestId: ctx.requestId,
      cache: deps.providerCache,
      bindings: deps.bindings,
    },
  });
}

/** What the vendor billed: search units (Cohere, Bedrock) and/or tokens (Jina, Voyage, Together). */
export function rerankUsage(out: RerankResponse): Metered {
  const billed = out.meta.billed_units;
  return {
    promptTokens: out.meta.tokens?.input_tokens ?? billed?.total_tokens ?? 0,
    completionTokens: 0,
    searchUnits: billed?.search_units ?? 0,
  };
}

/** POST /v1/rerank, /rerank and /v2/rerank: LiteLLM's Cohere-shaped rerank API. */
export const rerankOperation: Operation<RerankRequest, RerankResponse> = {
  name: "rerank",
  parse: (body) => parseRequest(RerankRequest, jsonText(body)),
  model: (r) => r.model,
  stream: () => false,
  costBound(r, deployments) {
    const b = rerankBounds(r);
    let worst = 0;
    for (const d of deployments) {
      const p = pricesFor(d, lookupPrice);
      if (!p) continue;
      worst = Math.max(worst, Math.ceil(b.tokens * p.input + b.searchUnits * (p.perSearchUnit ?? 0)));
    }
    return worst;
  },
  call: rerank,
  respond: (out, close) => jsonAnswer(out, close, rerankUsage(out)),
};
