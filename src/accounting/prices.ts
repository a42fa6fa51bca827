import type { PriceLookup, TokenPrices } from "./cost.js";
import { PRICE_TABLE } from "./price-table.js";

const cache = new Map<string, TokenPrices | null>();

/** Bundled price for a provider/model: exact "provider/model", then the bare model id, then a dated-suffix-stripped id. */
export const lookupPrice: PriceLookup = (provider, model) => {
  const key = `${provider}/${model}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const found = PRICE_TABLE[key] ?? PRICE_TABLE[model] ?? PRICE_TABLE[model.replace(/-\d{4}-\d{2}-\d{2}$|-\d{8}$/, "")];
  const prices = found ? toMicros(found) : undefined;
  cache.set(key, prices ?? null);
  return prices;
};

function toMicros(p: { input: number; output: number; cached_input?: number; cache_write?: number; reasoning?: number }): TokenPrices {
  const m = (usdPerMillion: number | undefined) => (usdPerMillion === undefined ? undefined : usdPerMillion);
  // Table prices are USD per 1M tokens, which is exactly micro-dollars per token.
  return { input: p.input, output: p.output, cachedInput: m(p.cached_input), cacheWrite: m(p.cache_write), reasoning: m(p.reasoning) };
}
