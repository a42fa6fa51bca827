import type { Deployment } from "../providers/deployment.js";
import type { ChatCompletionRequest } from "../openai/chat-request.js";
import { pricesFor, type PriceLookup } from "./cost.js";
import { priceRow } from "./prices.js";

/**
 * An upper bound of what a request can cost, before it runs (budget reservations).
 * Prompt tokens ≤ the body's UTF-8 bytes (a token is at least one byte of the JSON that carries it),
 * plus a fixed allowance per image/audio/file part (a URL or id can stand for many tokens) and for
 * tools (vendors' hidden tool prompts); output tokens ≤ the request's
 * max_completion_tokens / max_tokens, else the deployment's or the model's max output; times `n`.
 * Each is priced at the dearest rate that could apply (cache writes, reasoning), over every
 * deployment that could serve the request.
 */
export const MEDIA_PART_TOKENS = 3_000;
/** Output bound when neither the request, the config nor the price table gives one. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 32_768;

/** Hidden prompt some vendors add when tools are present (Anthropic's tool-use system prompt is a few hundred tokens). */
export const TOOLS_PROMPT_TOKENS = 1_000;

const MEDIA_TYPES = new Set(["image_url", "input_audio", "file"]);

export function promptTokenBound(bodyBytes: number, request: ChatCompletionRequest): number {
  let media = 0;
  for (const m of request.messages) {
    if (!Array.isArray(m.content)) continue;
    for (const part of m.content) if (MEDIA_TYPES.has(part.type)) media++;
  }
  return bodyBytes + media * MEDIA_PART_TOKENS + (request.tools?.length ? TOOLS_PROMPT_TOKENS : 0);
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function maxOutputTokens(request: ChatCompletionRequest, d: Deployment): number {
  const asked = request.max_completion_tokens ?? request.max_tokens;
  if (asked) return asked;
  const info = d.modelInfo;
  return (
    d.params.max_tokens ??
    info.max_output_tokens ??
    info.max_tokens ??
    priceRow(d.provider, info.base_model ?? d.model)?.max_output_tokens ??
    DEFAULT_MAX_OUTPUT_TOKENS
  );
}

/** Upper bound in integer micro-dollars over the candidate deployments (0 when none is priced). */
export function costUpperBound(opts: {
  bodyBytes: number;
  request: ChatCompletionRequest;
  deployments: readonly Deployment[];
  lookup: PriceLookup;
}): number {
  const prompt = promptTokenBound(opts.bodyBytes, opts.request);
  const n = opts.request.n ?? 1;
  let worst = 0;
  for (const d of opts.deployments) {
    const p = pricesFor(d, opts.lookup);
    if (!p) continue;
    const inRate = Math.max(p.input, p.cacheWrite ?? 0, p.cachedInput ?? 0);
    const outRate = Math.max(p.output, p.reasoning ?? 0);
    const cost = prompt * inRate + maxOutputTokens(opts.request, d) * n * outRate;
    worst = Math.max(worst, Math.ceil(cost));
  }
  return worst;
}
