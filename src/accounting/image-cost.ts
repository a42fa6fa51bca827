import type { Deployment } from "../providers/deployment.js";
import { costMicros, pricesFor } from "./cost.js";
import { dearestImagePrice, imagePrice } from "./image-price.js";
import type { Metered } from "./metered.js";
import { lookupPrice, priceRow } from "./prices.js";

const USD_TO_MICROS = 1_000_000;

/** What an image request asks for, as far as its price goes. */
export interface ImageAsk {
  n: number;
  size?: string | null;
  quality?: string | null;
  /** Upper bound of the prompt's tokens. */
  promptTokens: number;
}

function perImageMicros(d: Deployment, ask: { size?: string | null; quality?: string | null }): number {
  const prices = priceRow(d.provider, d.modelInfo.base_model ?? d.model)?.per_image;
  return prices === undefined ? 0 : Math.round(imagePrice(prices, ask) * USD_TO_MICROS);
}

/**
 * Upper bound of an image request on a deployment (micro-dollars): n images at the table's price
 * for the size and quality asked (the dearest image when the size is one the table does not list),
 * or at the dearest image when the model is priced by tokens, plus the prompt at the input rate.
 */
export function imageCostBound(d: Deployment, ask: ImageAsk): number {
  const prices = pricesFor(d, lookupPrice);
  const row = priceRow(d.provider, d.modelInfo.base_model ?? d.model)?.per_image;
  const tokenPriced = (prices?.output ?? 0) > 0;
  const perImage =
    tokenPriced && row !== undefined ? Math.round(dearestImagePrice(row) * USD_TO_MICROS) : perImageMicros(d, ask);
  return ask.n * perImage + Math.ceil(ask.promptTokens * (prices?.input ?? 0));
}

/**
 * What the images cost (micro-dollars): the reported tokens when the vendor reports them and the
 * model is priced by tokens (gpt-image), else each image at the table's price for its size and quality.
 */
export function imageCost(
  d: Deployment,
  opts: { usage: Metered; size?: string | null; quality?: string | null },
): number {
  const prices = pricesFor(d, lookupPrice);
  const tokens = opts.usage.promptTokens + opts.usage.completionTokens;
  if (tokens > 0 && (prices?.output ?? 0) > 0) return costMicros({ ...opts.usage, images: 0 }, prices);
  return (opts.usage.images ?? 0) * perImageMicros(d, opts);
}
