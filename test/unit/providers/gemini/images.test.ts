import { describe, expect, it } from "vitest";
import { ImageGenerationRequest } from "../../../../src/openai/images.js";
import { geminiImages } from "../../../../src/providers/gemini/images.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";

const deployment = (params: Record<string, unknown> = {}) =>
  operationDeployment({
    provider: "gemini",
    model: "imagen-4.0-generate-001",
    params: { api_key: "gem-key", ...params },
  });
const predicted = fixtureJson<{ predictions: Array<{ bytesBase64Encoded: string }> }>(
  "gemini/imagen-predict.response.json",
);

describe("imagen on the gemini api", () => {
  it("predict: prompt instance, n → sampleCount, size → nearest aspectRatio; base64 images back", async () => {
    const { result, sent } = await callAdapter({
      adapter: geminiImages,
      deployment: deployment(),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "a red fox", n: 2, size: "1792x1024" }),
      answer: () => jsonResponse(predicted),
    });
    expect(sent[0]!.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/imagen-4.0-generate-001:predict",
    );
    expect(sent[0]!.headers["x-goog-api-key"]).toBe("gem-key");
    expect(sent[0]!.json()).toEqual({
      instances: [{ prompt: "a red fox" }],
      parameters: { sampleCount: 2, aspectRatio: "16:9" },
    });
    expect(result!.data).toEqual(predicted.predictions.map((p) => ({ b64_json: p.bytesBase64Encoded })));
    expect(result!.created).toBe(1_750_000_000);
  });

  it("everything filtered is a content-policy error; response_format url is a 400 unless params are dropped", async () => {
    const filtered = await callAdapter({
      adapter: geminiImages,
      deployment: deployment(),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "x" }),
      answer: () => jsonResponse(fixtureJson("gemini/imagen-filtered.response.json")),
    });
    expect(filtered.error).toMatchObject({ kind: "ContentPolicyViolationError", status: 400 });
    const url = await callAdapter({
      adapter: geminiImages,
      deployment: deployment(),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "x", response_format: "url" }),
      answer: () => jsonResponse(predicted),
    });
    expect(url.error).toMatchObject({ status: 400, param: "response_format" });
    expect(url.sent).toHaveLength(0);
    const dropped = await callAdapter({
      adapter: geminiImages,
      deployment: deployment({ drop_params: true }),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "x", response_format: "url" }),
      answer: () => jsonResponse(predicted),
    });
    expect(dropped.result!.data[0]!.b64_json).toBeDefined();
  });

  it("maps a Google error", async () => {
    const { error } = await callAdapter({
      adapter: geminiImages,
      deployment: deployment(),
      request: ImageGenerationRequest.parse({ model: "g", prompt: "x" }),
      answer: () => jsonResponse(fixtureJson("gemini/error-400-invalid.json"), { status: 400 }),
    });
    expect(error).toMatchObject({ kind: "BadRequestError", provider: "gemini" });
  });
});
