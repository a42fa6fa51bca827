import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../../src/openai/embeddings.js";
import { vertexEmbeddings } from "../../../../src/providers/vertex-ai/embeddings.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";

const TOKEN = "ya29.a0AfH6SMBexample-access-token";
const deployment = (model = "text-embedding-005") =>
  operationDeployment({
    provider: "vertex_ai",
    model,
    params: { vertex_credentials: TOKEN, vertex_project: "my-proj", vertex_location: "europe-west4" },
  });
const answer = () => jsonResponse(fixtureJson("vertex_ai/embeddings-predict.response.json"));

describe("vertex_ai embeddings", () => {
  it("predict on the project path: one instance per text with its task type, dimensions → outputDimensionality", async () => {
    const { result, sent } = await callAdapter({
      adapter: vertexEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({
        model: "g",
        input: ["hello world", "goodbye"],
        dimensions: 256,
        input_type: "search_document",
      }),
      answer,
    });
    expect(sent[0]!.url).toBe(
      "https://europe-west4-aiplatform.googleapis.com/v1/projects/my-proj/locations/europe-west4/publishers/google/models/text-embedding-005:predict",
    );
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent[0]!.json()).toEqual({
      instances: [
        { content: "hello world", task_type: "RETRIEVAL_DOCUMENT" },
        { content: "goodbye", task_type: "RETRIEVAL_DOCUMENT" },
      ],
      parameters: { outputDimensionality: 256 },
    });
    expect(result!.data.map((d) => d.embedding)).toEqual([
      [0.0221447, -0.0375611, 0.0107385],
      [-0.0418296, 0.0056913, 0.0273901],
    ]);
    // the token counts Vertex reports per text, summed
    expect(result!.usage).toEqual({ prompt_tokens: 10, total_tokens: 10 });
  });

  it("gemini-embedding takes one text a call, the others 250", () => {
    expect(vertexEmbeddings.maxBatch!(deployment("gemini-embedding-001"))).toBe(1);
    expect(vertexEmbeddings.maxBatch!(deployment())).toBe(250);
  });

  it("maps a permission error", async () => {
    const { error } = await callAdapter({
      adapter: vertexEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer: () => jsonResponse(fixtureJson("vertex_ai/error-403-permission.json"), { status: 403 }),
    });
    expect(error).toMatchObject({ kind: "PermissionDeniedError", provider: "vertex_ai" });
  });
});
