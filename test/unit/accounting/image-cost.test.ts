import { describe, expect, it } from "vitest";
import { imageCost, imageCostBound } from "../../../src/accounting/image-cost.js";
import { imagePrice } from "../../../src/accounting/image-price.js";
import { lookupPrice } from "../../../src/accounting/prices.js";
import { operationDeployment } from "../../helpers/operation-call.js";

const dalle3 = operationDeployment({ provider: "openai", model: "dall-e-3" });
const gptImage = operationDeployment({ provider: "openai", model: "gpt-image-1" });
const images = (n: number) => ({ promptTokens: 0, completionTokens: 0, images: n });

describe("image prices", () => {
  it("reads a table most specific first: quality/size, size, quality, default; else the dearest", () => {
    const t = { "hd/1024x1792": 0.12, "1024x1792": 0.08, hd: 0.08, default: 0.04, "standard/512x512": 0.01 };
    expect(imagePrice(t, { quality: "hd", size: "1024x1792" })).toBe(0.12);
    expect(imagePrice(t, { quality: "standard", size: "1024x1792" })).toBe(0.08);
    expect(imagePrice(t, { quality: "hd", size: "1024x1024" })).toBe(0.08);
    expect(imagePrice(t, {})).toBe(0.04);
    expect(imagePrice({ "low/1024x1024": 0.011, "high/1536x1024": 0.25 }, { size: "auto" })).toBe(0.25);
    expect(imagePrice(0.03, { quality: "hd" })).toBe(0.03);
  });

  it("dall-e-3 costs by quality and size, in micro-dollars", () => {
    expect(imageCost(dalle3, { usage: images(1) })).toBe(40_000);
    expect(imageCost(dalle3, { usage: images(2), size: "1792x1024", quality: "hd" })).toBe(240_000);
    expect(imageCost(dalle3, { usage: images(1), size: "1024x1792" })).toBe(80_000);
  });

  it("gpt-image-1 costs its reported tokens ($5 / $40 per 1M), else the table's image price", () => {
    const tokens = { promptTokens: 12, completionTokens: 272, images: 1 };
    expect(imageCost(gptImage, { usage: tokens, quality: "low" })).toBe(Math.round(12 * 5 + 272 * 40));
    expect(imageCost(gptImage, { usage: images(1), quality: "medium", size: "1024x1536" })).toBe(63_000);
  });

  it("bounds a request by n images at the price asked (the dearest for token-priced models) plus its prompt", () => {
    expect(imageCostBound(dalle3, { n: 3, size: "1024x1024", quality: "hd", promptTokens: 100 })).toBe(240_000);
    const bound = imageCostBound(gptImage, { n: 2, quality: "low", promptTokens: 1000 });
    expect(bound).toBe(2 * 250_000 + 1000 * 5);
    const priced = imageCost(gptImage, { usage: { promptTokens: 1000, completionTokens: 6240, images: 2 } });
    expect(priced).toBeLessThanOrEqual(bound);
    expect(
      imageCostBound(operationDeployment({ provider: "openai", model: "unknown-model" }), { n: 4, promptTokens: 9 }),
    ).toBe(0);
  });

  it("the generic lookup exposes a row's default image price", () => {
    expect(lookupPrice("openai", "dall-e-3")?.perImage).toBe(40_000);
    expect(lookupPrice("bedrock", "stability.stable-image-ultra-v1:1")?.perImage).toBe(140_000);
  });
});
