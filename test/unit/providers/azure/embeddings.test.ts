import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../../src/openai/embeddings.js";
import { azureEmbeddings } from "../../../../src/providers/azure/embeddings.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";

const deployment = (params: Record<string, unknown> = {}) =>
  operationDeployment({
    provider: "azure",
    model: "my-embedder",
    params: { api_base: "https://res.openai.azure.com", api_key: "azure-key-123", ...params },
  });
const request = EmbeddingsRequest.parse({ model: "group", input: ["hello", "world"], encoding_format: "base64" });

describe("azure embeddings", () => {
  it("classic layout: the deployment in the path, api-version, api-key header, no model in the body", async () => {
    const { result, sent } = await callAdapter({
      adapter: azureEmbeddings,
      deployment: deployment({ api_version: "2024-10-21" }),
      request,
      answer: () => jsonResponse(fixtureJson("azure/embeddings.response.json")),
    });
    expect(sent[0]!.url).toBe(
      "https://res.openai.azure.com/openai/deployments/my-embedder/embeddings?api-version=2024-10-21",
    );
    expect(sent[0]!.headers["api-key"]).toBe("azure-key-123");
    expect(sent[0]!.json()).toEqual({ input: ["hello", "world"], encoding_format: "base64" });
    expect(result!.data.map((d) => typeof d.embedding)).toEqual(["string", "string"]);
    expect(result!.usage).toEqual({ prompt_tokens: 8, total_tokens: 8 });
  });

  it("v1 layout: /openai/v1/embeddings with the deployment as the model", async () => {
    const { sent } = await callAdapter({
      adapter: azureEmbeddings,
      deployment: deployment({ api_version: "v1" }),
      request,
      answer: () => jsonResponse(fixtureJson("azure/embeddings.response.json")),
    });
    expect(sent[0]!.url).toBe("https://res.openai.azure.com/openai/v1/embeddings");
    expect(sent[0]!.json().model).toBe("my-embedder");
  });

  it("maps Azure's errors and refuses a deployment without a key before calling", async () => {
    const { error } = await callAdapter({
      adapter: azureEmbeddings,
      deployment: deployment(),
      request,
      answer: () =>
        jsonResponse(
          { error: { code: "DeploymentNotFound", message: "The API deployment does not exist." } },
          {
            status: 404,
          },
        ),
    });
    expect(error).toMatchObject({ kind: "NotFoundError", status: 404, provider: "azure" });
    const missing = await callAdapter({
      adapter: azureEmbeddings,
      deployment: deployment({ api_key: undefined }),
      request,
      answer: () => jsonResponse({}),
    });
    expect(missing.error).toMatchObject({ status: 400, code: "missing_api_key" });
    expect(missing.sent).toHaveLength(0);
  });
});
