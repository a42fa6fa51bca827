import { describe, expect, it } from "vitest";
import { ImageGenerationRequest } from "../../../../src/openai/images.js";
import { workersAiImages } from "../../../../src/providers/workers-ai/images.js";
import { fixtureBytes } from "../../../helpers/fixtures.js";
import { callAdapter, jsonResponse, operationDeployment } from "../../../helpers/operation-call.js";
import { fakeBinding, fixtureJson } from "./context.js";

const SDXL = "@cf/stabilityai/stable-diffusion-xl-base-1.0";
const FLUX = "@cf/black-forest-labs/flux-1-schnell";
const png = fixtureBytes("workers_ai/sdxl-image.png");
const pngB64 = Buffer.from(png).toString("base64");
const deployment = (model: string, params: Record<string, unknown> = {}) =>
  operationDeployment({ provider: "workers_ai", model, params });
const image = (r: Record<string, unknown> = {}) => ImageGenerationRequest.parse({ model: "g", prompt: "a cat", ...r });
const stream = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });

describe("workers_ai text-to-image", () => {
  it("SDXL through the binding: prompt and width/height in, the binary PNG out as b64_json", async () => {
    const ai = fakeBinding(() => stream(png));
    const { result } = await callAdapter({
      adapter: workersAiImages,
      deployment: deployment(SDXL),
      request: image({ size: "768x512", negative_prompt: "blurry", num_steps: 20 }),
      bindings: { ai },
      answer: () => jsonResponse({}),
    });
    expect(ai.calls[0]!.inputs).toEqual({
      prompt: "a cat",
      width: 768,
      height: 512,
      negative_prompt: "blurry",
      num_steps: 20,
    });
    expect(result!.data).toEqual([{ b64_json: pngB64 }]);
  });

  it("SDXL over REST: the binary answer becomes b64_json", async () => {
    const { result, sent } = await callAdapter({
      adapter: workersAiImages,
      deployment: deployment(SDXL, { api_key: "cf-token", account_id: "acc-1" }),
      request: image(),
      answer: () => new Response(png, { headers: { "content-type": "image/png" } }),
    });
    expect(sent[0]!.url).toBe(`https://api.cloudflare.com/client/v4/accounts/acc-1/ai/run/${SDXL}`);
    expect(result!.data[0]!.b64_json).toBe(pngB64);
  });

  it("flux-1-schnell: the prompt only; its JSON base64 image (REST envelope) passes through", async () => {
    const body = fixtureJson<{ result: { image: string } }>("flux-image.rest.json");
    const { result, sent } = await callAdapter({
      adapter: workersAiImages,
      deployment: deployment(FLUX, { api_key: "cf-token", account_id: "acc-1" }),
      request: image({ steps: 6 }),
      answer: () => jsonResponse(body),
    });
    expect(sent[0]!.json()).toEqual({ prompt: "a cat", steps: 6 });
    expect(result!.data[0]!.b64_json).toBe(body.result.image);
    expect(workersAiImages.unsupportedParams!(deployment(FLUX))).toContain("size");
  });

  it("one image per call; response_format url is a 400 naming it; an error envelope is mapped", async () => {
    expect(workersAiImages.maxBatch!(deployment(SDXL))).toBe(1);
    const url = await callAdapter({
      adapter: workersAiImages,
      deployment: deployment(SDXL),
      request: image({ response_format: "url" }),
      answer: () => jsonResponse({}),
    });
    expect(url.error).toMatchObject({ status: 400, param: "response_format" });
    const failed = await callAdapter({
      adapter: workersAiImages,
      deployment: deployment(SDXL, { api_key: "cf-token", account_id: "acc-1" }),
      request: image(),
      answer: () =>
        jsonResponse(
          { errors: [{ code: 3040, message: "Capacity temporarily exceeded" }], success: false },
          { status: 429 },
        ),
    });
    expect(failed.error).toMatchObject({ kind: "RateLimitError" });
  });
});
