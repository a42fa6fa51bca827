import type { RerankDocument, RerankRequest, RerankResponse, RerankResult } from "../../openai/rerank.js";

/** A document's text: the string itself, or the `text` of a document object. */
export function documentText(d: RerankDocument): string {
  return typeof d === "string" ? d : d.text;
}

/** Results sorted by relevance, each with its document when the client asked for them (vendors that omit it get it filled). */
export function rankedResults(
  results: ReadonlyArray<{ index: number; relevance_score: number; document?: unknown }>,
  request: RerankRequest,
): RerankResult[] {
  const out = results.map((r): RerankResult => {
    const result: RerankResult = { index: r.index, relevance_score: r.relevance_score };
    if (request.return_documents) {
      const doc = request.documents[r.index];
      if (doc !== undefined) result.document = { text: documentText(doc) };
    }
    return result;
  });
  return out.sort((a, b) => b.relevance_score - a.relevance_score);
}

/** LiteLLM's rerank answer: results, and what the vendor billed (search units and/or tokens). */
export function rerankAnswer(opts: {
  id: string;
  results: RerankResult[];
  searchUnits?: number | null;
  tokens?: number | null;
}): RerankResponse {
  const billed: Record<string, number> = {};
  if (opts.searchUnits != null) billed.search_units = opts.searchUnits;
  if (opts.tokens != null) billed.total_tokens = opts.tokens;
  const meta: RerankResponse["meta"] = { billed_units: billed };
  if (opts.tokens != null) meta.tokens = { input_tokens: opts.tokens, output_tokens: 0 };
  return { id: opts.id, results: opts.results, meta };
}
