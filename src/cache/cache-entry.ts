import { z } from "zod";

/**
 * What the cache stores under a key: the answer plus what a hit needs to be accounted and aged
 * (LiteLLM stores `{timestamp, response}`). `answer` is the operation's response body, validated
 * by the reader of that operation (a chat completion, a text completion, one embedding).
 */
export const CacheEntry = z.object({
  v: z.literal(1),
  /** epoch ms */
  created_at: z.number().int(),
  /** epoch ms; an entry is never served at or past it, whatever the store still holds */
  expires_at: z.number().int(),
  model_group: z.string(),
  operation: z.enum(["chat", "text_completion", "embeddings", "messages", "responses"]),
  usage: z
    .looseObject({
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int().optional(),
      total_tokens: z.number().int(),
    })
    .optional(),
  /** What the answer cost when it was made: a hit saves this much. */
  cost_micros: z.number().int().min(0),
  answer: z.unknown(),
});
export type CacheEntry = z.infer<typeof CacheEntry>;

/** Stored text → entry; undefined for anything that is not one (an older format, a damaged value). */
export function decodeEntry(text: string): CacheEntry | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = CacheEntry.safeParse(json);
  return r.success ? r.data : undefined;
}

/** Entry → stored text, or undefined when it is larger than `maxBytes` (UTF-8): too big to keep. */
export function encodeEntry(entry: CacheEntry, maxBytes: number): string | undefined {
  const text = JSON.stringify(entry);
  if (text.length * 3 <= maxBytes) return text; // no UTF-8 text is longer than 3 bytes per UTF-16 unit
  if (text.length > maxBytes) return undefined;
  return new TextEncoder().encode(text).length <= maxBytes ? text : undefined;
}

/**
 * Whether a stored entry may answer now: not past its expiry, and no older than `maxAgeMs` when the
 * request set `s-maxage`. Returns the entry's age (ms), or undefined when it may not.
 */
export function freshAge(entry: CacheEntry, now: number, maxAgeMs?: number): number | undefined {
  if (now >= entry.expires_at) return undefined;
  const age = Math.max(0, now - entry.created_at);
  if (maxAgeMs !== undefined && age > maxAgeMs) return undefined;
  return age;
}

/** A new entry for an answer made `now`, living `ttlMs`. */
export function newEntry(opts: {
  operation: CacheEntry["operation"];
  modelGroup: string;
  answer: unknown;
  usage: CacheEntry["usage"];
  costMicros: number;
  now: number;
  ttlMs: number;
}): CacheEntry {
  return {
    v: 1,
    created_at: opts.now,
    expires_at: opts.now + opts.ttlMs,
    model_group: opts.modelGroup,
    operation: opts.operation,
    usage: opts.usage,
    cost_micros: Math.max(0, Math.round(opts.costMicros)),
    answer: opts.answer,
  };
}
