import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../../src/openai/embeddings.js";
import { workersAiEmbeddings } from "../../../../src/providers/workers-ai/embeddings.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";
import { fakeBinding, fixtureJson, fixtureText } from "./context.js";

const MODEL = "@cf/baai/bge-base-en-v1.5";
const deployment = (params: Record<string, unknown> = {}) =>
  operationDeployment({ provider: "workers_ai", model: MODEL, params });
const rest = fixtureJson<{ result: { data: number[][] } }>("bge-embeddings.rest.json");
const request = EmbeddingsRequest.parse({ model: "g", input: ["hello world", "goodbye"] });

describe("workers_ai embeddings", () => {
  it("through the binding: ai.run(model, {text}) and the vectors in order; usage estimated", async () => {
    const ai = fakeBinding(() => rest.result);
    const { result, sent } = await callAdapter({
      adapter: workersAiEmbeddings,
      deployment: deployment(),
      request,
      bindings: { ai },
      answer: () => jsonResponse({}),
    });
    expect(sent).toHaveLength(0);
    expect(ai.calls.map((c) => [c.model, c.inputs])).toEqual([[MODEL, { text: ["hello world", "goodbye"] }]]);
    expect(result!.data.map((d) => d.embedding)).toEqual(rest.result.data);
    expect(result!.usage.prompt_tokens).toBe(5);
  });

  it("over REST: {account}/ai/run/{model} with the API token; pooling passed through; at most 100 texts", async () => {
    const { result, sent } = await callAdapter({
      adapter: workersAiEmbeddings,
      deployment: deployment({ api_key: "cf-token", account_id: "acc-1" }),
      request: EmbeddingsRequest.parse({ model: "g", input: "hello", pooling: "cls" }),
      answer: () => jsonResponse(rest),
    });
    expect(sent[0]!.url).toBe(`https://api.cloudflare.com/client/v4/accounts/acc-1/ai/run/${MODEL}`);
    expect(sent[0]!.headers.authorization).toBe("Bearer cf-token");
    expect(sent[0]!.json()).toEqual({ text: ["hello"], pooling: "cls" });
    expect(result!.data).toHaveLength(2);
    expect(workersAiEmbeddings.maxBatch!(deployment())).toBe(100);
  });

  it("maps REST errors and binding failures", async () => {
    const { error } = await callAdapter({
      adapter: workersAiEmbeddings,
      deployment: deployment({ api_key: "cf-token", account_id: "acc-1" }),
      request,
      answer: () => jsonResponse(fixtureText("error-400-no-such-model.json"), { status: 400 }),
    });
    expect(error).toMatchObject({ kind: "NotFoundError", code: "model_not_found" });
    const ai = fakeBinding(() => {
      throw new Error("3040: Capacity temporarily exceeded, please try again.");
    });
    const bound = await callAdapter({
      adapter: workersAiEmbeddings,
      deployment: deployment(),
      request,
      bindings: { ai },
      answer: () => jsonResponse({}),
    });
    expect(bound.error).toMatchObject({ kind: "RateLimitError", status: 429 });
  });
});
