import { describe, expect, it } from "vitest";
import { RerankRequest } from "../../../../src/openai/rerank.js";
import { cohereRerank, cohereRerankUrl } from "../../../../src/providers/cohere/rerank.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { jsonBodyOf, operationContext, roundTrip, upstreamError } from "../../../helpers/operation-context.js";

const docs = [
  "Carson City is the capital of Nevada.",
  "Saipan",
  "Charlotte Amalie",
  { text: "Washington, D.C." },
  "Capital punishment",
];
const ctx = (extra: Record<string, unknown> = {}, params: Record<string, unknown> = { api_key: "co-secret" }) =>
  operationContext({
    provider: "cohere",
    model: "rerank-v3.5",
    request: RerankRequest.parse({
      model: "rr",
      query: "What is the capital of the United States?",
      documents: docs,
      ...extra,
    }),
    params,
  });

describe("Cohere v2 rerank", () => {
  it("posts strings to /v2/rerank and maps results with search units; documents come from the request", async () => {
    const { req, res } = await roundTrip(
      cohereRerank,
      ctx({ top_n: 3, return_documents: true, max_tokens_per_doc: 512 }),
      fixtureJson("cohere/rerank.response.json"),
    );
    expect(req.url).toBe("https://api.cohere.com/v2/rerank");
    expect(req.headers.authorization).toBe("Bearer co-secret");
    expect(jsonBodyOf(req)).toEqual({
      model: "rerank-v3.5",
      query: "What is the capital of the United States?",
      documents: [
        "Carson City is the capital of Nevada.",
        "Saipan",
        "Charlotte Amalie",
        "Washington, D.C.",
        "Capital punishment",
      ],
      top_n: 3,
      max_tokens_per_doc: 512,
    });
    expect(res.id).toBe("07734bd2-2473-4f07-94e1-0d9f0e6843cf");
    expect(res.results[0]).toEqual({ index: 3, relevance_score: 0.999071, document: { text: "Washington, D.C." } });
    expect(res.results.map((r) => r.index)).toEqual([3, 4, 0]);
    expect(res.meta.billed_units).toEqual({ search_units: 1 });
  });

  it("accepts an api_base with or without /v2", () => {
    expect(cohereRerankUrl("http://127.0.0.1:9/v2/")).toBe("http://127.0.0.1:9/v2/rerank");
    expect(cohereRerankUrl("http://127.0.0.1:9")).toBe("http://127.0.0.1:9/v2/rerank");
  });

  it("needs a key, and maps Cohere's error body", async () => {
    expect(() => cohereRerank.buildRequest(ctx({}, {}))).toThrow(/has no api_key/);
    const e = cohereRerank.parseError(ctx(), upstreamError(400, fixtureJson("cohere/error-400-rerank.json")));
    expect(e.status).toBe(400);
    expect(e.message).toContain("list of documents must not be empty");
    expect(cohereRerank.parseError(ctx(), upstreamError(402, { message: "billing" })).status).toBe(429);
  });
});
