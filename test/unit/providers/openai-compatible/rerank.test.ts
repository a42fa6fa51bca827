import { describe, expect, it } from "vitest";
import { RerankRequest } from "../../../../src/openai/rerank.js";
import { providerNamed } from "../../../../src/providers/all.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { jsonBodyOf, operationContext, roundTrip, upstreamError } from "../../../helpers/operation-context.js";

const request = (extra: Record<string, unknown> = {}) =>
  RerankRequest.parse({
    model: "rr",
    query: "Organic skincare products for sensitive skin",
    documents: [
      "Organic skincare for sensitive skin with aloe vera and chamomile.",
      "New makeup trends focus on bold colors.",
      { text: "Bio-Hautpflege für empfindliche Haut mit Aloe Vera und Kamille." },
    ],
    ...extra,
  });

describe("Cohere-shaped rerank rows (Jina, Together, vLLM)", () => {
  it("Jina: sends the request in Cohere's shape and maps results, documents and token usage", async () => {
    const adapter = providerNamed("jina_ai")!.rerank!;
    const ctx = operationContext({
      provider: "jina_ai",
      model: "jina-reranker-v2-base-multilingual",
      request: request({ top_n: 2, return_documents: true }),
      params: { api_key: "jina-secret" },
    });
    const { req, res } = await roundTrip(adapter, ctx, fixtureJson("jina_ai/rerank.response.json"));
    expect(req.url).toBe("https://api.jina.ai/v1/rerank");
    expect(req.headers.authorization).toBe("Bearer jina-secret");
    expect(jsonBodyOf(req)).toEqual({
      model: "jina-reranker-v2-base-multilingual",
      query: "Organic skincare products for sensitive skin",
      documents: ctx.request.documents,
      top_n: 2,
      return_documents: true,
    });
    expect(res.results).toEqual([
      {
        index: 0,
        relevance_score: 0.8783142566680908,
        document: { text: "Organic skincare for sensitive skin with aloe vera and chamomile." },
      },
      {
        index: 2,
        relevance_score: 0.7624675869941711,
        document: { text: "Bio-Hautpflege für empfindliche Haut mit Aloe Vera und Kamille." },
      },
    ]);
    expect(res.meta).toEqual({
      billed_units: { total_tokens: 815 },
      tokens: { input_tokens: 815, output_tokens: 0 },
    });
  });

  it("Together: keeps the vendor id, leaves documents out unless asked", async () => {
    const adapter = providerNamed("together_ai")!.rerank!;
    const ctx = operationContext({
      provider: "together_ai",
      model: "Salesforce/Llama-Rank-V1",
      request: request(),
      params: { api_key: "tg" },
    });
    const { req, res } = await roundTrip(adapter, ctx, fixtureJson("together_ai/rerank.response.json"));
    expect(req.url).toBe("https://api.together.xyz/v1/rerank");
    expect(res.id).toBe("9dfa1a09-5ebc-4a40-970f-586cb8f4ae47");
    expect(res.results.map((r) => r.index)).toEqual([0, 2]);
    expect(res.results[0]).not.toHaveProperty("document");
    expect(res.meta.billed_units).toEqual({ total_tokens: 1837 });
  });

  it("maps Jina's error body", () => {
    const adapter = providerNamed("jina_ai")!.rerank!;
    const ctx = operationContext({ provider: "jina_ai", model: "m", request: request(), params: { api_key: "k" } });
    const e = adapter.parseError(ctx, upstreamError(401, fixtureJson("jina_ai/error-401.json")));
    expect(e.status).toBe(401);
    expect(e.message).toContain("Invalid API key");
  });
});

describe("Voyage rerank", () => {
  const adapter = providerNamed("voyage")!.rerank!;

  it("sends documents as strings with top_k, answers documents itself, sorts by relevance", async () => {
    const ctx = operationContext({
      provider: "voyage",
      model: "rerank-2.5",
      request: request({ top_n: 2, return_documents: true }),
      params: { api_key: "pa-voyage" },
    });
    const { req, res } = await roundTrip(adapter, ctx, fixtureJson("voyage/rerank.response.json"));
    expect(req.url).toBe("https://api.voyageai.com/v1/rerank");
    const body = jsonBodyOf(req);
    expect(body).toEqual({
      model: "rerank-2.5",
      query: "Organic skincare products for sensitive skin",
      documents: [
        "Organic skincare for sensitive skin with aloe vera and chamomile.",
        "New makeup trends focus on bold colors.",
        "Bio-Hautpflege für empfindliche Haut mit Aloe Vera und Kamille.",
      ],
      top_k: 2,
    });
    expect(res.results).toEqual([
      {
        index: 0,
        relevance_score: 0.4375,
        document: { text: "Organic skincare for sensitive skin with aloe vera and chamomile." },
      },
      { index: 1, relevance_score: 0.421875, document: { text: "New makeup trends focus on bold colors." } },
    ]);
    expect(res.meta.tokens).toEqual({ input_tokens: 26, output_tokens: 0 });
  });

  it("cannot express rank_fields or chunking", () => {
    expect(
      adapter.unsupportedParams?.(operationContext({ provider: "voyage", model: "m", request: request() }).deployment),
    ).toEqual(expect.arrayContaining(["rank_fields", "max_chunks_per_doc"]));
  });

  it("maps Voyage's detail error", () => {
    const ctx = operationContext({
      provider: "voyage",
      model: "rerank-9",
      request: request(),
      params: { api_key: "k" },
    });
    const e = adapter.parseError(ctx, upstreamError(400, fixtureJson("voyage/error-400.json")));
    expect(e.status).toBe(400);
    expect(e.message).toContain("is not a valid model");
  });
});
