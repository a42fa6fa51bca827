import type { Deployment } from "../providers/deployment.js";
import type { Metered } from "./metered.js";

export interface TokenPrices {
  /** micro-dollars per token (may be fractional; the total is rounded once) */
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  reasoning?: number;
  /** micro-dollars per generated image, per second of audio, per character, per search unit */
  perImage?: number;
  perSecond?: number;
  perCharacter?: number;
  perSearchUnit?: number;
}

/** Price lookup hook: the bundled price table (accounting/prices.ts) plugs in here. */
export type PriceLookup = (provider: string, model: string) => TokenPrices | undefined;

const USD_TO_MICROS = 1_000_000;

/** Per-deployment overrides beat the table. */
export function pricesFor(d: Deployment, lookup: PriceLookup): TokenPrices | undefined {
  const inp = d.params.input_cost_per_token ?? d.modelInfo.input_cost_per_token;
  const out = d.params.output_cost_per_token ?? d.modelInfo.output_cost_per_token;
  const table = lookup(d.provider, d.modelInfo.base_model ?? d.model);
  if (inp === undefined && out === undefined) return table;
  // An overridden side replaces every price of that side: the table's cache or reasoning rates
  // belong to the table's price, not to the deployment's own.
  return {
    input: inp !== undefined ? inp * USD_TO_MICROS : (table?.input ?? 0),
    output: out !== undefined ? out * USD_TO_MICROS : (table?.output ?? 0),
    cachedInput: inp !== undefined ? undefined : table?.cachedInput,
    cacheWrite: inp !== undefined ? undefined : table?.cacheWrite,
    reasoning: out !== undefined ? undefined : table?.reasoning,
    // Per-unit prices (seconds, characters, search units) are not token prices: the table's still apply.
    perSecond: table?.perSecond,
    perCharacter: table?.perCharacter,
    perSearchUnit: table?.perSearchUnit,
  };
}

/** Cost of a usage in integer micro-dollars. */
export function costMicros(usage: Metered | undefined, prices: TokenPrices | undefined): number {
  if (!usage || !prices) return 0;
  const cached = usage.cachedTokens ?? 0;
  const written = usage.cacheWriteTokens ?? 0;
  const reasoning = usage.reasoningTokens ?? 0;
  const plainIn = Math.max(0, usage.promptTokens - cached - written);
  const plainOut = Math.max(0, usage.completionTokens - reasoning);
  const total =
    plainIn * prices.input +
    cached * (prices.cachedInput ?? prices.input) +
    written * (prices.cacheWrite ?? prices.input) +
    plainOut * prices.output +
    reasoning * (prices.reasoning ?? prices.output) +
    (usage.images ?? 0) * (prices.perImage ?? 0) +
    (usage.audioSeconds ?? 0) * (prices.perSecond ?? 0) +
    (usage.characters ?? 0) * (prices.perCharacter ?? 0) +
    (usage.searchUnits ?? 0) * (prices.perSearchUnit ?? 0);
  return Math.round(total);
}
