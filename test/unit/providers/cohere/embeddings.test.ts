import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../../src/openai/embeddings.js";
import { cohereEmbeddings } from "../../../../src/providers/cohere/embeddings.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";
import { fixtureJson, fixtureText } from "./context.js";

const deployment = (model = "embed-v4.0", params: Record<string, unknown> = { api_key: "co-key" }) =>
  operationDeployment({ provider: "cohere", model, params });
const answer = () => jsonResponse(fixtureJson("embed.response.json"));

describe("cohere v2 embed", () => {
  it("POST /v2/embed: texts, input_type default search_document, float embedding types, dimensions → output_dimension", async () => {
    const { result, sent } = await callAdapter({
      adapter: cohereEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({ model: "g", input: ["hello world", "goodbye"], dimensions: 512 }),
      answer,
    });
    expect(sent[0]!.url).toBe("https://api.cohere.com/v2/embed");
    expect(sent[0]!.headers.authorization).toBe("Bearer co-key");
    expect(sent[0]!.json()).toEqual({
      model: "embed-v4.0",
      texts: ["hello world", "goodbye"],
      input_type: "search_document",
      embedding_types: ["float"],
      output_dimension: 512,
    });
    expect(result!.data[0]!.embedding).toEqual([0.016296387, -0.008354187, -0.04699707]);
    expect(result!.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
  });

  it("input_type and truncate pass through; at most 96 texts a call", async () => {
    const { sent } = await callAdapter({
      adapter: cohereEmbeddings,
      deployment: deployment("embed-english-v3.0"),
      request: EmbeddingsRequest.parse({ model: "g", input: "q", input_type: "search_query", truncate: "END" }),
      answer,
    });
    expect(sent[0]!.json()).toMatchObject({ input_type: "search_query", truncate: "END", texts: ["q"] });
    expect(cohereEmbeddings.maxBatch!(deployment())).toBe(96);
  });

  it("maps Cohere's errors; no key is a 400", async () => {
    const { error } = await callAdapter({
      adapter: cohereEmbeddings,
      deployment: deployment(),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer: () => jsonResponse(fixtureText("error-401.json"), { status: 401 }),
    });
    expect(error).toMatchObject({ kind: "AuthenticationError", provider: "cohere" });
    const keyless = await callAdapter({
      adapter: cohereEmbeddings,
      deployment: deployment("embed-v4.0", {}),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer,
    });
    expect(keyless.error).toMatchObject({ status: 400, code: "missing_api_key" });
  });
});
