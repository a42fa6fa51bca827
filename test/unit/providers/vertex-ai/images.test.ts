import { describe, expect, it } from "vitest";
import { ImageGenerationRequest } from "../../../../src/openai/images.js";
import { prepareForDeployment } from "../../../../src/pipeline/prepare-request.js";
import { vertexImages } from "../../../../src/providers/vertex-ai/images.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";

const TOKEN = "ya29.a0AfH6SMBexample-access-token";
const deployment = operationDeployment({
  provider: "vertex_ai",
  model: "imagen-3.0-generate-002",
  params: { vertex_credentials: TOKEN, vertex_project: "my-proj" },
});

describe("imagen on vertex_ai", () => {
  it("predict on the project path with the Bearer token; portrait sizes become 9:16", async () => {
    const { result, sent } = await callAdapter({
      adapter: vertexImages,
      deployment,
      request: ImageGenerationRequest.parse({ model: "g", prompt: "a red fox", size: "1024x1792", seed: 7 }),
      answer: () => jsonResponse(fixtureJson("vertex_ai/imagen-predict.response.json")),
    });
    expect(sent[0]!.url).toBe(
      "https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/publishers/google/models/imagen-3.0-generate-002:predict",
    );
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent[0]!.json()).toEqual({
      instances: [{ prompt: "a red fox" }],
      parameters: { sampleCount: 1, aspectRatio: "9:16", seed: 7 },
    });
    expect(result!.data).toHaveLength(1);
    expect(result!.data[0]!.b64_json).toMatch(/^iVBORw0KGgo/);
  });

  it("a filtered image is a content-policy error carrying Vertex's reason", async () => {
    const { error } = await callAdapter({
      adapter: vertexImages,
      deployment,
      request: ImageGenerationRequest.parse({ model: "g", prompt: "x" }),
      answer: () => jsonResponse(fixtureJson("vertex_ai/imagen-filtered.response.json")),
    });
    expect(error).toMatchObject({ kind: "ContentPolicyViolationError" });
    expect((error as Error).message).toMatch(/safety filter threshold/);
  });

  it("quality has no Imagen equivalent: a 400 naming it, or dropped under drop_params", () => {
    const request = ImageGenerationRequest.parse({ model: "g", prompt: "x", quality: "hd" });
    const prepare = (dropParams: boolean) =>
      prepareForDeployment({ request, adapter: vertexImages, deployment, dropParams });
    expect(() => prepare(false)).toThrow(/does not support the parameter "quality"/);
    expect(prepare(true).request).not.toHaveProperty("quality");
  });
});
