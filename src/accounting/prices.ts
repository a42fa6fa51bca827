import type { PriceLookup, TokenPrices } from "./cost.js";
import { defaultImagePrice } from "./image-price.js";
import { PRICE_TABLE, PROVIDER_ALIASES, type PriceRow } from "./price-table.js";

const USD_TO_MICROS = 1_000_000;

const cache = new Map<string, PriceRow | null>();

/** Spellings of a vendor model id to try: as given, then without region prefix, version tag or date suffix. */
function spellings(model: string): string[] {
  const out = [model];
  const push = (m: string) => {
    if (!out.includes(m)) out.push(m);
  };
  const noRegion = model.replace(/^(us|eu|apac|global|us-gov)\./, ""); // Bedrock cross-region inference profiles
  push(noRegion);
  const noTag = noRegion.replace(/@.*$/, ""); // Vertex "claude-sonnet-4-5@20250929"
  push(noTag);
  push(noTag.replace(/-\d{4}-\d{2}-\d{2}$|-\d{8}$/, "")); // dated snapshots
  push(noTag.replace(/-latest$/, ""));
  return out;
}

/** The bundled table row for a provider's model: its own rows first, then the providers it borrows from (Azure → OpenAI). */
export function priceRow(provider: string, model: string): PriceRow | undefined {
  const key = `${provider}/${model}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let found: PriceRow | undefined;
  outer: for (const p of [provider, ...(PROVIDER_ALIASES[provider] ?? [])]) {
    for (const m of spellings(model)) {
      found = PRICE_TABLE[`${p}/${m}`];
      if (found) break outer;
    }
  }
  cache.set(key, found ?? null);
  return found;
}

/** A per-unit price in USD as micro-dollars. */
function micros(usd: number | undefined): number | undefined {
  return usd === undefined ? undefined : usd * USD_TO_MICROS;
}

/** Bundled price for a provider/model in micro-dollars per token. */
export const lookupPrice: PriceLookup = (provider, model) => {
  const p = priceRow(provider, model);
  return p
    ? {
        input: p.input,
        output: p.output,
        cachedInput: p.cached_input,
        cacheWrite: p.cache_write,
        reasoning: p.reasoning,
        perImage: p.per_image === undefined ? undefined : defaultImagePrice(p.per_image) * USD_TO_MICROS,
        perSecond: micros(p.per_second),
        perCharacter: micros(p.per_character),
        perSearchUnit: micros(p.per_search_unit),
      }
    : undefined;
};

export type { TokenPrices };
