import { describe, expect, it } from "vitest";
import { RerankRequest } from "../../../../src/openai/rerank.js";
import { rerankBounds } from "../../../../src/pipeline/operations/rerank.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { json, libraryGateway } from "../../../helpers/library-gateway.js";

describe("rerank", () => {
  it("bounds tokens (query once per document plus the documents) and search units (100 chunks each)", () => {
    const r = RerankRequest.parse({ model: "m", query: "abc", documents: ["x".repeat(10), { text: "y".repeat(600) }] });
    expect(rerankBounds(r)).toEqual({ tokens: 3 + 10 + 3 + 600, searchUnits: 1 });
    const many = RerankRequest.parse({ model: "m", query: "q", documents: Array.from({ length: 150 }, () => "d") });
    expect(rerankBounds(many).searchUnits).toBe(2);
  });

  it("serves /v1/rerank, /rerank and /v2/rerank, priced by the vendor's search units", async () => {
    const gw = libraryGateway({
      models: [
        {
          model_name: "rr",
          litellm_params: { model: "cohere/rerank-v3.5", api_key: "co", api_base: "http://co.test" },
        },
      ],
      answer: () => json(fixtureJson("cohere/rerank.response.json")),
    });
    for (const path of ["/v1/rerank", "/rerank", "/v2/rerank"]) {
      const res = await gw.call(path, { model: "rr", query: "q", documents: ["a", "b", "c", "d", "e"], top_n: 3 });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { results: Array<{ index: number }>; meta: unknown };
      expect(body.results.map((r) => r.index)).toEqual([3, 4, 0]);
      // rerank-v3.5: $2 per 1000 search units
      expect(Number(res.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.002, 9);
    }
    expect(gw.seen.map((s) => s.url)).toEqual(Array(3).fill("http://co.test/v2/rerank"));
  });

  it("refuses a missing query or empty documents with a 400 naming the field", async () => {
    const gw = libraryGateway({
      models: [{ model_name: "rr", litellm_params: { model: "cohere/rerank-v3.5", api_key: "co" } }],
      answer: () => json({}),
    });
    const noQuery = await gw.call("/v1/rerank", { model: "rr", documents: ["a"] });
    expect(noQuery.status).toBe(400);
    expect(((await noQuery.json()) as { error: { param: string } }).error.param).toBe("query");
    const noDocs = await gw.call("/v1/rerank", { model: "rr", query: "q", documents: [] });
    expect(((await noDocs.json()) as { error: { message: string } }).error.message).toMatch(
      /documents must not be empty/,
    );
  });
});
