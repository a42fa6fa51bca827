import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../../src/openai/embeddings.js";
import { bedrockEmbeddings } from "../../../../src/providers/bedrock/embeddings.js";
import { callAdapter, errorResponse, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";
import { fixtureJson, KEYS, NOW } from "./context.js";

const deployment = (model: string, modelInfo = {}) =>
  operationDeployment({ provider: "bedrock", model, params: { aws_region_name: "us-east-1", ...KEYS }, modelInfo });
const TITAN = "amazon.titan-embed-text-v2:0";
const COHERE = "cohere.embed-english-v3";

describe("bedrock embeddings (InvokeModel)", () => {
  it("titan v2: one inputText per call, dimensions and normalize passed, SigV4-signed; usage from inputTextTokenCount", async () => {
    const { result, sent } = await callAdapter({
      adapter: bedrockEmbeddings,
      deployment: deployment(TITAN),
      request: EmbeddingsRequest.parse({ model: "g", input: "hello world", dimensions: 256, normalize: true }),
      answer: () => jsonResponse(fixtureJson("titan-embed-v2.response.json")),
      now: NOW,
    });
    expect(sent[0]!.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke",
    );
    expect(sent[0]!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20241105\/us-east-1\/bedrock\/aws4_request, SignedHeaders=/,
    );
    expect(sent[0]!.json()).toEqual({ inputText: "hello world", dimensions: 256, normalize: true });
    expect(result!.data).toEqual([
      { object: "embedding", index: 0, embedding: [-0.087163925, 0.027370706, 0.031044044] },
    ]);
    expect(result!.usage.prompt_tokens).toBe(5);
    expect(bedrockEmbeddings.maxBatch!(deployment(TITAN))).toBe(1);
  });

  it("cohere embed: texts with input_type (default search_document) and float types; usage from Bedrock's token-count header", async () => {
    const { result, sent } = await callAdapter({
      adapter: bedrockEmbeddings,
      deployment: deployment(`us.${COHERE}`),
      request: EmbeddingsRequest.parse({ model: "g", input: ["hello world", "goodbye"] }),
      answer: () =>
        jsonResponse(fixtureJson("cohere-embed.response.json"), {
          headers: { "x-amzn-bedrock-input-token-count": "4" },
        }),
    });
    expect(sent[0]!.url).toMatch(/\/model\/us\.cohere\.embed-english-v3\/invoke$/);
    expect(sent[0]!.json()).toEqual({
      texts: ["hello world", "goodbye"],
      input_type: "search_document",
      embedding_types: ["float"],
    });
    expect(result!.data.map((d) => d.index)).toEqual([0, 1]);
    expect(result!.data[1]!.embedding).toEqual([-0.021514893, 0.004638672, 0.04486084]);
    expect(result!.usage.prompt_tokens).toBe(4);
    expect(bedrockEmbeddings.maxBatch!(deployment(COHERE))).toBe(96);
  });

  it("a client's input_type passes through; without a token count the usage is estimated", async () => {
    const { result, sent } = await callAdapter({
      adapter: bedrockEmbeddings,
      deployment: deployment(COHERE),
      request: EmbeddingsRequest.parse({ model: "g", input: ["hello world", "goodbye"], input_type: "search_query" }),
      answer: () => jsonResponse(fixtureJson("cohere-embed.response.json")),
    });
    expect(sent[0]!.json().input_type).toBe("search_query");
    expect(result!.usage.prompt_tokens).toBe(5);
  });

  it("an unknown model family is a 400 before any call; an ARN is read through model_info.base_model", async () => {
    const unknown = await callAdapter({
      adapter: bedrockEmbeddings,
      deployment: deployment("meta.llama3-8b-instruct-v1:0"),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer: () => jsonResponse({}),
    });
    expect(unknown.error).toMatchObject({ status: 400, code: "unsupported_model" });
    expect(unknown.sent).toHaveLength(0);
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    const viaArn = await callAdapter({
      adapter: bedrockEmbeddings,
      deployment: deployment(arn, { base_model: TITAN }),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer: () => jsonResponse(fixtureJson("titan-embed-v2.response.json")),
    });
    expect(viaArn.sent[0]!.json()).toEqual({ inputText: "x" });
  });

  it("maps Bedrock's validation error", async () => {
    const { error } = await callAdapter({
      adapter: bedrockEmbeddings,
      deployment: deployment(TITAN),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer: () => errorResponse(fixtureJson("error-400-validation.json")),
    });
    expect(error).toMatchObject({ kind: "BadRequestError", status: 400, provider: "bedrock" });
  });
});
