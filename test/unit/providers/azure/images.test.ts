import { describe, expect, it } from "vitest";
import { ImageGenerationRequest } from "../../../../src/openai/images.js";
import { azureImages } from "../../../../src/providers/azure/images.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";

const deployment = (model: string, params: Record<string, unknown> = {}) =>
  operationDeployment({
    provider: "azure",
    model,
    params: { api_base: "https://res.openai.azure.com", api_key: "azure-key-123", ...params },
  });

describe("azure image generation", () => {
  it("dall-e-3: deployment path and api-version, OpenAI's body, the image URL and revised prompt back", async () => {
    const { result, sent } = await callAdapter({
      adapter: azureImages,
      deployment: deployment("dalle3", { api_version: "2024-10-21" }),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "a lighthouse", size: "1024x1792", quality: "hd" }),
      answer: () => jsonResponse(fixtureJson("azure/images-dall-e-3.response.json")),
    });
    expect(sent[0]!.url).toBe(
      "https://res.openai.azure.com/openai/deployments/dalle3/images/generations?api-version=2024-10-21",
    );
    expect(sent[0]!.json()).toEqual({ prompt: "a lighthouse", size: "1024x1792", quality: "hd" });
    expect(result!.created).toBe(1730812345);
    expect(result!.data).toHaveLength(1);
    expect(result!.data[0]!.url).toMatch(/^https:\/\/dalleproduse/);
    expect(result!.data[0]!.revised_prompt).toMatch(/lighthouse/);
    expect(result!.data[0]).not.toHaveProperty("content_filter_results");
  });

  it("gpt-image-1: response_format b64_json is left out (the model answers in base64 only); url is a 400", async () => {
    const { sent } = await callAdapter({
      adapter: azureImages,
      deployment: deployment("gpt-image-1", { api_version: "2025-04-01-preview" }),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "a fox", response_format: "b64_json" }),
      answer: () => jsonResponse(fixtureJson("openai/images-gpt-image-1.response.json")),
    });
    expect(sent[0]!.json()).toEqual({ prompt: "a fox" });
    const refused = await callAdapter({
      adapter: azureImages,
      deployment: deployment("gpt-image-1"),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "a fox", response_format: "url" }),
      answer: () => jsonResponse({}),
    });
    expect(refused.error).toMatchObject({ status: 400, param: "response_format" });
  });

  it("a prompt Azure's safety system rejects is a content-policy violation", async () => {
    const { error } = await callAdapter({
      adapter: azureImages,
      deployment: deployment("dalle3"),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "something violent" }),
      answer: () => jsonResponse(fixtureJson("azure/error-images-content-policy.json"), { status: 400 }),
    });
    expect(error).toMatchObject({ kind: "ContentPolicyViolationError", status: 400 });
  });
});
