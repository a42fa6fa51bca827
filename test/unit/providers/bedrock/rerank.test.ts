import { describe, expect, it } from "vitest";
import { RerankRequest } from "../../../../src/openai/rerank.js";
import { bedrockRerank, modelArn } from "../../../../src/providers/bedrock/rerank.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { jsonBodyOf, OP_NOW, operationContext, roundTrip, upstreamError } from "../../../helpers/operation-context.js";

const creds = {
  aws_access_key_id: "AKIDEXAMPLE",
  aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  aws_region_name: "us-west-2",
};
const ctx = (extra: Record<string, unknown> = {}, model = "cohere.rerank-v3-5:0") =>
  operationContext({
    provider: "bedrock",
    model,
    request: RerankRequest.parse({
      model: "rr",
      query: "Which is a fruit?",
      documents: ["a car", { text: "an apple" }],
      ...extra,
    }),
    params: creds,
  });

describe("Bedrock rerank (Agent Runtime Rerank API)", () => {
  it("signs a Rerank request with the model's ARN, inline text sources and numberOfResults from top_n", async () => {
    const { req, res } = await roundTrip(
      bedrockRerank,
      ctx({ top_n: 1, return_documents: true }),
      fixtureJson("bedrock/rerank.response.json"),
    );
    expect(req.url).toBe("https://bedrock-agent-runtime.us-west-2.amazonaws.com/rerank");
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request/,
    );
    expect(req.headers["x-amz-date"]).toBe(new Date(OP_NOW).toISOString().replace(/[-:]|\.\d{3}/g, ""));
    expect(jsonBodyOf(req)).toEqual({
      queries: [{ type: "TEXT", textQuery: { text: "Which is a fruit?" } }],
      sources: [
        { type: "INLINE", inlineDocumentSource: { type: "TEXT", textDocument: { text: "a car" } } },
        { type: "INLINE", inlineDocumentSource: { type: "TEXT", textDocument: { text: "an apple" } } },
      ],
      rerankingConfiguration: {
        type: "BEDROCK_RERANKING_MODEL",
        bedrockRerankingConfiguration: {
          numberOfResults: 1,
          modelConfiguration: { modelArn: "arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0" },
        },
      },
    });
    expect(res.results).toEqual([
      { index: 1, relevance_score: 0.9871, document: { text: "an apple" } },
      { index: 0, relevance_score: 0.0213, document: { text: "a car" } },
    ]);
    expect(res.meta.billed_units).toEqual({ search_units: 1 });
  });

  it("asks for every document without top_n, and keeps a model id that is already an ARN", async () => {
    const req = await bedrockRerank.buildRequest(ctx({}, "amazon.rerank-v1:0"));
    expect(jsonBodyOf(req)).toMatchObject({
      rerankingConfiguration: { bedrockRerankingConfiguration: { numberOfResults: 2 } },
    });
    const arn = "arn:aws:bedrock:eu-central-1::foundation-model/amazon.rerank-v1:0";
    expect(modelArn(ctx({}, arn).deployment)).toBe(arn);
  });

  it("maps a validation error to a 400", () => {
    const e = bedrockRerank.parseError(
      ctx(),
      upstreamError(400, fixtureJson("bedrock/error-400-rerank-validation.json")),
    );
    expect(e.status).toBe(400);
    expect(e.message).toContain("numberOfResults");
  });
});
