import type { CacheOperation } from "./settings.js";

/**
 * Which request fields go into a cache key. Everything the client sends goes in (a parameter
 * Switchyard does not know may still change the answer) except the fields below, which cannot:
 * who is asking, how the answer is delivered, gateway behaviour, and the cache controls themselves.
 * `model` is replaced by the resolved model group, so aliases and deployments share entries.
 */
export const FIELDS_NOT_IN_KEY: ReadonlySet<string> = new Set([
  "model",
  // who is asking / bookkeeping
  "user",
  "metadata",
  "tags",
  "safety_identifier",
  "prompt_cache_key",
  "store",
  // how the answer is delivered
  "stream",
  "stream_options",
  // gateway behaviour
  "timeout",
  "stream_timeout",
  "num_retries",
  "fallbacks",
  "disable_fallbacks",
  "context_window_fallback_dict",
  "api_key",
  "api_base",
  "base_url",
  "api_version",
  // cache controls
  "cache",
  "caching",
]);

/**
 * The operation a key is computed for, and the kind of answer its entry holds. Each format keys its
 * own request and stores its own answer (a Messages body can read as a chat body: they never share).
 */
export type KeyOperation = CacheOperation;

export const KEY_OPERATION: Readonly<Record<CacheOperation, KeyOperation>> = {
  chat: "chat",
  messages: "messages",
  responses: "responses",
  text_completion: "text_completion",
  embeddings: "embeddings",
};

/** The field that holds the prompt of each operation (left out of the semantic partition, cached per item for embeddings). */
export const PROMPT_FIELD: Readonly<Record<KeyOperation, string>> = {
  chat: "messages",
  text_completion: "prompt",
  embeddings: "input",
  messages: "messages",
  responses: "input",
};

/**
 * The fields of a request that can change its answer, `null` treated as absent (the request
 * schemas read both as "not set"). `omit` leaves out more fields (the prompt, for the per-item and
 * semantic forms).
 */
export function answerFields(body: Readonly<Record<string, unknown>>, omit?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(body)) {
    if (FIELDS_NOT_IN_KEY.has(k) || k === omit) continue;
    const v = body[k];
    if (v === null || v === undefined) continue;
    out[k] = v;
  }
  return out;
}
