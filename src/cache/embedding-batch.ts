import { z } from "zod";
import { BadGatewayError } from "../errors/gateway-error.js";
import type { CacheEntry } from "./cache-entry.js";
import { embeddingItems } from "./cache-key.js";

/** The embeddings response, as far as the cache reads it (OpenAI's `list` of `embedding`s). */
export const EmbeddingList = z.looseObject({
  object: z.literal("list"),
  data: z.array(
    z.looseObject({
      object: z.literal("embedding").optional(),
      index: z.number().int(),
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
  ),
  model: z.string(),
  usage: z.looseObject({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }).optional(),
});
export type EmbeddingList = z.infer<typeof EmbeddingList>;

/** One input's stored answer. */
const CachedEmbedding = z.object({ embedding: z.union([z.array(z.number()), z.string()]) });

/** One input found in the cache: its embedding and its share of tokens. */
export interface EmbeddingHit {
  embedding: number[] | string;
  promptTokens: number;
}

/** A stored entry as one input's embedding, or undefined when it does not hold one (then it is a miss). */
export function embeddingHitOf(entry: CacheEntry): EmbeddingHit | undefined {
  if (entry.operation !== "embeddings") return undefined;
  const r = CachedEmbedding.safeParse(entry.answer);
  return r.success ? { embedding: r.data.embedding, promptTokens: entry.usage?.prompt_tokens ?? 0 } : undefined;
}

/**
 * An embeddings request whose inputs were partly found: the body to send upstream for the rest
 * (`missing` are indexes into the request's inputs, in order), in the form the client used.
 */
export function missingInputsBody(
  body: Readonly<Record<string, unknown>>,
  missing: readonly number[],
): Record<string, unknown> {
  const items = embeddingItems(body.input);
  // "a" or one token array: the input is its only item, sent as it came
  const whole = items.length === 1 && items[0] === body.input;
  return { ...body, input: whole ? body.input : missing.map((i) => items[i]) };
}

/** Split `total` over weights so the parts are integers that add up to it exactly (largest remainder). */
export function shares(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

const weightOf = (item: unknown) =>
  typeof item === "string" ? Math.max(1, item.length) : Array.isArray(item) ? Math.max(1, item.length) : 1;

/**
 * The entries to store for the inputs sent upstream: one per input, with that input's share of the
 * batch's tokens and cost (by input length; the vendor reports them per batch only).
 */
export function embeddingEntries(opts: {
  upstream: EmbeddingList;
  /** The inputs sent upstream, in the order sent. */
  inputs: readonly unknown[];
  modelGroup: string;
  costMicros: number;
  now: number;
  ttlMs: number;
}): CacheEntry[] {
  const weights = opts.inputs.map(weightOf);
  const tokens = shares(opts.upstream.usage?.prompt_tokens ?? 0, weights);
  const costs = shares(opts.costMicros, weights);
  const byIndex = new Map(opts.upstream.data.map((d) => [d.index, d.embedding]));
  return opts.inputs.map((_, i) => ({
    v: 1 as const,
    created_at: opts.now,
    expires_at: opts.now + opts.ttlMs,
    model_group: opts.modelGroup,
    operation: "embeddings" as const,
    usage: { prompt_tokens: tokens[i]!, total_tokens: tokens[i]! },
    cost_micros: costs[i]!,
    answer: { embedding: byIndex.get(i) ?? [] },
  }));
}

/**
 * The client's answer from cached inputs and the upstream answer for the rest, in the request's
 * order. Usage counts every input (cached ones at their stored share), so it reads as if the
 * whole batch had been embedded; what was spent is in the spend record.
 */
export function mergeEmbeddingBatch(opts: {
  total: number;
  cached: ReadonlyMap<number, EmbeddingHit>;
  /** The upstream answer for `missing`, or undefined when every input was cached. */
  upstream: EmbeddingList | undefined;
  missing: readonly number[];
  model: string;
}): EmbeddingList {
  const data: EmbeddingList["data"] = [];
  let tokens = opts.upstream?.usage?.prompt_tokens ?? 0;
  const fromUpstream = new Map(opts.missing.map((requestIndex, sent) => [requestIndex, sent]));
  const upstreamByIndex = new Map((opts.upstream?.data ?? []).map((d) => [d.index, d.embedding]));
  for (let i = 0; i < opts.total; i++) {
    const hit = opts.cached.get(i);
    if (hit) {
      data.push({ object: "embedding", index: i, embedding: hit.embedding });
      tokens += hit.promptTokens;
      continue;
    }
    const sent = fromUpstream.get(i);
    const embedding = sent === undefined ? undefined : upstreamByIndex.get(sent);
    if (embedding === undefined)
      throw new BadGatewayError(`the upstream answer has no embedding for input ${i}`, { code: "missing_embedding" });
    data.push({ object: "embedding", index: i, embedding });
  }
  return {
    object: "list",
    data,
    model: opts.upstream?.model ?? opts.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
