import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../../src/openai/embeddings.js";
import { geminiEmbeddings } from "../../../../src/providers/gemini/embeddings.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";

const deployment = (params: Record<string, unknown> = { api_key: "gem-key" }) =>
  operationDeployment({ provider: "gemini", model: "gemini-embedding-001", params });
const answer = () => jsonResponse(fixtureJson("gemini/batch-embed.response.json"));

describe("gemini embeddings", () => {
  it("batchEmbedContents: one request per text, dimensions → outputDimensionality, input_type → taskType", async () => {
    const { result, sent } = await callAdapter({
      adapter: geminiEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({
        model: "g",
        input: ["hello world", "goodbye"],
        dimensions: 768,
        input_type: "search_query",
      }),
      answer,
    });
    expect(sent[0]!.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents",
    );
    expect(sent[0]!.headers["x-goog-api-key"]).toBe("gem-key");
    const one = (text: string) => ({
      model: "models/gemini-embedding-001",
      content: { parts: [{ text }] },
      taskType: "RETRIEVAL_QUERY",
      outputDimensionality: 768,
    });
    expect(sent[0]!.json()).toEqual({ requests: [one("hello world"), one("goodbye")] });
    expect(result!.data).toEqual([
      { object: "embedding", index: 0, embedding: [0.013168523, -0.008711934, -0.046782676] },
      { object: "embedding", index: 1, embedding: [-0.020163326, 0.004117113, -0.03108512] },
    ]);
    // Gemini reports no tokens: 11 and 7 characters at 4 a token, rounded up per text
    expect(result!.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
  });

  it("task_type (LiteLLM's parameter) wins and passes as given; none given sends none", async () => {
    const typed = await callAdapter({
      adapter: geminiEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({ model: "g", input: "x", task_type: "SEMANTIC_SIMILARITY" }),
      answer,
    });
    expect((typed.sent[0]!.json().requests as Array<Record<string, unknown>>)[0]!.taskType).toBe("SEMANTIC_SIMILARITY");
    const plain = await callAdapter({
      adapter: geminiEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer,
    });
    expect((plain.sent[0]!.json().requests as Array<Record<string, unknown>>)[0]).not.toHaveProperty("taskType");
  });

  it("takes at most 100 texts a call, refuses token arrays and a missing key, and maps Google errors", async () => {
    expect(geminiEmbeddings.maxBatch!(deployment())).toBe(100);
    const tokens = await callAdapter({
      adapter: geminiEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({ model: "g", input: [1, 2, 3] }),
      answer,
    });
    expect(tokens.error).toMatchObject({ status: 400, param: "input" });
    const keyless = await callAdapter({
      adapter: geminiEmbeddings,
      deployment: deployment({}),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer,
    });
    expect(keyless.error).toMatchObject({ status: 400, code: "missing_api_key" });
    const failed = await callAdapter({
      adapter: geminiEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer: () => jsonResponse(fixtureJson("gemini/error-429.json"), { status: 429 }),
    });
    expect(failed.error).toMatchObject({ kind: "RateLimitError", provider: "gemini" });
  });
});
