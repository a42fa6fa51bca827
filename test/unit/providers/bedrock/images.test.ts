import { describe, expect, it } from "vitest";
import { ImageGenerationRequest } from "../../../../src/openai/images.js";
import { bedrockImages } from "../../../../src/providers/bedrock/images.js";
import { callAdapter, errorResponse, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";
import { fixtureJson, KEYS } from "./context.js";

const deployment = (model: string) =>
  operationDeployment({ provider: "bedrock", model, params: { aws_region_name: "us-west-2", ...KEYS } });
const image = (r: Record<string, unknown>) =>
  ImageGenerationRequest.parse({ model: "g", prompt: "a lighthouse", ...r });

describe("bedrock image generation (InvokeModel)", () => {
  it("titan image v2: TEXT_IMAGE with numberOfImages, width/height and premium quality for hd", async () => {
    const { result, sent } = await callAdapter({
      adapter: bedrockImages,
      deployment: deployment("amazon.titan-image-generator-v2:0"),
      request: image({ n: 2, size: "1024x1024", quality: "hd", negative_prompt: "fog" }),
      answer: () => jsonResponse(fixtureJson("titan-image.response.json")),
    });
    expect(sent[0]!.url).toBe(
      "https://bedrock-runtime.us-west-2.amazonaws.com/model/amazon.titan-image-generator-v2%3A0/invoke",
    );
    expect(sent[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(sent[0]!.json()).toEqual({
      taskType: "TEXT_IMAGE",
      textToImageParams: { text: "a lighthouse", negativeText: "fog" },
      imageGenerationConfig: { numberOfImages: 2, width: 1024, height: 1024, quality: "premium" },
    });
    expect(result!.data).toHaveLength(2);
    expect(bedrockImages.maxBatch!(deployment("amazon.nova-canvas-v1:0"))).toBe(5);
  });

  it("stability (SD3.5 Large): prompt, text-to-image mode, nearest aspect_ratio; one image per call", async () => {
    const { result, sent } = await callAdapter({
      adapter: bedrockImages,
      deployment: deployment("stability.sd3-5-large-v1:0"),
      request: image({ size: "1792x1024", output_format: "jpeg" }),
      answer: () => jsonResponse(fixtureJson("stability-image.response.json")),
    });
    expect(sent[0]!.json()).toEqual({
      prompt: "a lighthouse",
      mode: "text-to-image",
      aspect_ratio: "16:9",
      output_format: "jpeg",
    });
    expect(result!.data).toHaveLength(1);
    expect(bedrockImages.maxBatch!(deployment("stability.stable-image-ultra-v1:1"))).toBe(1);
  });

  it("stable diffusion xl: text_prompts and width/height; artifacts back", async () => {
    const { result, sent } = await callAdapter({
      adapter: bedrockImages,
      deployment: deployment("stability.stable-diffusion-xl-v1"),
      request: image({ size: "1024x1024", seed: 42 }),
      answer: () => jsonResponse(fixtureJson("sdxl-image.response.json")),
    });
    expect(sent[0]!.json()).toEqual({
      text_prompts: [{ text: "a lighthouse" }],
      samples: 1,
      width: 1024,
      height: 1024,
      seed: 42,
    });
    expect(result!.data[0]!.b64_json).toMatch(/^iVBORw0KGgo/);
  });

  it("a filtered prompt is a content-policy error; response_format url is a 400; errors are mapped", async () => {
    const filtered = await callAdapter({
      adapter: bedrockImages,
      deployment: deployment("stability.sd3-5-large-v1:0"),
      request: image({}),
      answer: () => jsonResponse(fixtureJson("stability-filtered.response.json")),
    });
    expect(filtered.error).toMatchObject({ kind: "ContentPolicyViolationError" });
    expect((filtered.error as Error).message).toMatch(/Filter reason: prompt/);
    const url = await callAdapter({
      adapter: bedrockImages,
      deployment: deployment("amazon.titan-image-generator-v2:0"),
      request: image({ response_format: "url" }),
      answer: () => jsonResponse({}),
    });
    expect(url.error).toMatchObject({ status: 400, param: "response_format" });
    const denied = await callAdapter({
      adapter: bedrockImages,
      deployment: deployment("amazon.titan-image-generator-v2:0"),
      request: image({}),
      answer: () => errorResponse(fixtureJson("error-403-access-denied.json")),
    });
    expect(denied.error).toMatchObject({ kind: "PermissionDeniedError", provider: "bedrock" });
  });
});
