import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../../src/openai/embeddings.js";
import { ollamaEmbeddings } from "../../../../src/providers/ollama/embeddings.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";
import { fixtureJson, fixtureText } from "./context.js";

const deployment = (params: Record<string, unknown> = {}) =>
  operationDeployment({ provider: "ollama", model: "nomic-embed-text", params });

describe("ollama embed", () => {
  it("POST /api/embed with the inputs as a list; usage from prompt_eval_count", async () => {
    const { result, sent } = await callAdapter({
      adapter: ollamaEmbeddings,
      deployment: deployment({ api_base: "http://gpu-box:11434" }),
      request: EmbeddingsRequest.parse({ model: "g", input: ["hello world", "goodbye"], dimensions: 512 }),
      answer: () => jsonResponse(fixtureJson("embed.response.json")),
    });
    expect(sent[0]!.url).toBe("http://gpu-box:11434/api/embed");
    expect(sent[0]!.headers.authorization).toBeUndefined();
    expect(sent[0]!.json()).toEqual({ model: "nomic-embed-text", input: ["hello world", "goodbye"], dimensions: 512 });
    expect(result!.data[1]!.embedding).toEqual([-0.009820349, 0.029327065, -0.010461512]);
    expect(result!.usage.prompt_tokens).toBe(8);
  });

  it("defaults to a local Ollama, sends a configured key as Bearer, and maps a missing model", async () => {
    const { error, sent } = await callAdapter({
      adapter: ollamaEmbeddings,
      deployment: deployment({ api_key: "ollama-key" }),
      request: EmbeddingsRequest.parse({ model: "g", input: "x" }),
      answer: () => jsonResponse(fixtureText("error-404.json"), { status: 404 }),
    });
    expect(sent[0]!.url).toBe("http://localhost:11434/api/embed");
    expect(sent[0]!.headers.authorization).toBe("Bearer ollama-key");
    expect(error).toMatchObject({ kind: "NotFoundError", provider: "ollama" });
  });
});
