import { describe, expect, it } from "vitest";
import { ImageGenerationRequest } from "../../../../src/openai/images.js";
import { openAICompatibleImages } from "../../../../src/providers/openai-compatible/images.js";
import { VENDORS } from "../../../../src/providers/openai-compatible/vendors.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";

const row = (name: string) => VENDORS.find((v) => v.name === name)!;
const image = (r: Record<string, unknown> = {}) => ImageGenerationRequest.parse({ model: "g", prompt: "a cat", ...r });

describe("openai-style image generation", () => {
  it("openai dall-e-3: POST {base}/images/generations as sent, URL answers mapped", async () => {
    const { result, sent } = await callAdapter({
      adapter: openAICompatibleImages(row("openai")),
      deployment: operationDeployment({ provider: "openai", model: "dall-e-3", params: { api_key: "sk-x" } }),
      request: image({ size: "1024x1024", quality: "hd", style: "vivid", user: "u-1" }),
      answer: () => jsonResponse(fixtureJson("openai/images-dall-e-3.response.json")),
    });
    expect(sent[0]!.url).toBe("https://api.openai.com/v1/images/generations");
    expect(sent[0]!.headers.authorization).toBe("Bearer sk-x");
    expect(sent[0]!.json()).toEqual({
      model: "dall-e-3",
      prompt: "a cat",
      size: "1024x1024",
      quality: "hd",
      style: "vivid",
      user: "u-1",
    });
    expect(result!.data[0]).toEqual({
      url: expect.stringMatching(/^https:\/\/oaidalleapiprodscus/),
      revised_prompt: expect.stringMatching(/lighthouse/),
    });
  });

  it("openai gpt-image-1: token usage and what was made are kept", async () => {
    const { result } = await callAdapter({
      adapter: openAICompatibleImages(row("openai")),
      deployment: operationDeployment({ provider: "openai", model: "gpt-image-1", params: { api_key: "sk-x" } }),
      request: image({ quality: "low" }),
      answer: () => jsonResponse(fixtureJson("openai/images-gpt-image-1.response.json")),
    });
    expect(result!.usage).toEqual({
      input_tokens: 12,
      output_tokens: 272,
      total_tokens: 284,
      input_tokens_details: { image_tokens: 0, text_tokens: 12 },
    });
    expect(result).toMatchObject({ quality: "low", size: "1024x1024", output_format: "png", background: "opaque" });
  });

  it("together: size as width/height and b64_json spelled base64; created filled in", async () => {
    const { result, sent } = await callAdapter({
      adapter: openAICompatibleImages(row("together_ai")),
      deployment: operationDeployment({
        provider: "together_ai",
        model: "black-forest-labs/FLUX.1-schnell",
        params: { api_key: "tg" },
      }),
      request: image({ size: "512x768", response_format: "b64_json" }),
      answer: () => jsonResponse(fixtureJson("together_ai/images.response.json")),
    });
    expect(sent[0]!.url).toBe("https://api.together.xyz/v1/images/generations");
    expect(sent[0]!.json()).toEqual({
      model: "black-forest-labs/FLUX.1-schnell",
      prompt: "a cat",
      width: 512,
      height: 768,
      response_format: "base64",
    });
    expect(result!.created).toBe(1_750_000_000);
    expect(result!.data[0]!.b64_json).toMatch(/^iVBOR/);
  });

  it("xai: size, quality and style are parameters it rejects; errors are OpenAI-shaped", async () => {
    expect(row("xai").imagesUnsupported).toEqual(["size", "quality", "style"]);
    const { result } = await callAdapter({
      adapter: openAICompatibleImages(row("xai")),
      deployment: operationDeployment({ provider: "xai", model: "grok-2-image-1212", params: { api_key: "xk" } }),
      request: image({ n: 1 }),
      answer: () => jsonResponse(fixtureJson("xai/images.response.json")),
    });
    expect(result!.data[0]!.url).toMatch(/^https:\/\/imgen\.x\.ai/);
    const { error } = await callAdapter({
      adapter: openAICompatibleImages(row("openai")),
      deployment: operationDeployment({ provider: "openai", model: "dall-e-3", params: { api_key: "sk-x" } }),
      request: image(),
      answer: () => jsonResponse(fixtureJson("openai/error-images-billing.json"), { status: 400 }),
    });
    expect(error).toMatchObject({ kind: "BadRequestError", code: "billing_hard_limit_reached" });
  });
});
