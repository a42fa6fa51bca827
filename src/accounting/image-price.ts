import type { PriceRow } from "./price-table.js";

/** A price row's per-image price (USD): one number, or a table by quality and size. */
export type ImagePrices = NonNullable<PriceRow["per_image"]>;

/**
 * The USD price of one image of a size and quality. A table is read most specific first:
 * "quality/size", "size", "quality", "default"; when none applies, the dearest entry (so a cost
 * is never under-counted for a size the table does not list).
 */
export function imagePrice(prices: ImagePrices, opts: { size?: string | null; quality?: string | null }): number {
  if (typeof prices === "number") return prices;
  const { size, quality } = opts;
  const keys = [quality && size ? `${quality}/${size}` : undefined, size, quality, "default"];
  for (const k of keys) {
    const p = k ? prices[k] : undefined;
    if (p !== undefined) return p;
  }
  return dearestImagePrice(prices);
}

/** The dearest image a row lists (USD). */
export function dearestImagePrice(prices: ImagePrices): number {
  return typeof prices === "number" ? prices : Math.max(0, ...Object.values(prices));
}

/** The price of an image the request does not describe (USD): the "default" entry, else the dearest. */
export function defaultImagePrice(prices: ImagePrices): number {
  return typeof prices === "number" ? prices : (prices.default ?? dearestImagePrice(prices));
}
