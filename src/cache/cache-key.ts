import { canonicalJson } from "./canonical-json.js";
import { answerFields, KEY_OPERATION, PROMPT_FIELD } from "./key-fields.js";
import type { CacheOperation } from "./settings.js";
import { sha256Hex } from "./sha256-hex.js";

/** Bumped when the key's form changes, so old entries are never read under a new meaning. */
const KEY_VERSION = 1;

export interface CacheKeyInput {
  /** From cacheScope(): never shared across teams unless configured `global`. */
  scope: string;
  /** The resolved model group (not the name the client used). */
  modelGroup: string;
  operation: CacheOperation;
  /** The parsed request body (chat form for the Messages and Responses formats). */
  body: Readonly<Record<string, unknown>>;
}

/**
 * The cache key: SHA-256 (hex) of the canonical form of scope, model group, operation and every
 * field that can change the answer. Key order and JSON layout do not matter; the prompt is only
 * ever inside the hash.
 */
export function cacheKey(k: CacheKeyInput): Promise<string> {
  const op = KEY_OPERATION[k.operation];
  return sha256Hex(
    canonicalJson({ v: KEY_VERSION, scope: k.scope, group: k.modelGroup, op, fields: answerFields(k.body) }),
  );
}

/**
 * An embeddings request's inputs, one per item: a string, a list of strings, one token array, or a
 * list of token arrays (OpenAI's four forms). `"a"` and `["a"]` are the same single item.
 */
export function embeddingItems(input: unknown): unknown[] {
  if (!Array.isArray(input)) return [input];
  if (input.length > 0 && input.every((x) => typeof x === "number")) return [input];
  return input;
}

/**
 * One key per embedding input, so a batch where some inputs were seen sends only the rest
 * upstream: the other fields (model group, dimensions, encoding_format, ...) plus that one input.
 */
export function embeddingCacheKeys(k: Omit<CacheKeyInput, "operation">): Promise<string[]> {
  const fields = answerFields(k.body, PROMPT_FIELD.embeddings);
  const base = { v: KEY_VERSION, scope: k.scope, group: k.modelGroup, op: "embeddings" };
  return Promise.all(
    embeddingItems(k.body[PROMPT_FIELD.embeddings]).map((item) => sha256Hex(canonicalJson({ ...base, fields, item }))),
  );
}

/**
 * The semantic cache's partition: everything in the key except the prompt, plus the namespace.
 * Only requests in the same partition (same scope, group, tools and parameters) are compared.
 */
export function partitionHash(k: CacheKeyInput & { namespace: string }): Promise<string> {
  const op = KEY_OPERATION[k.operation];
  return sha256Hex(
    canonicalJson({
      v: KEY_VERSION,
      scope: k.scope,
      group: k.modelGroup,
      op,
      namespace: k.namespace,
      fields: answerFields(k.body, PROMPT_FIELD[op]),
    }),
  );
}
