/**
 * Bounds on what a client may send, in one place (docs/security.md lists them with what each defends
 * against). Every walk over client data is bounded by one of these, so no request can exhaust the
 * isolate's stack, memory or CPU.
 */

/** Deepest nesting of objects and arrays in a request body (a tool schema at depth 20 is already unusual). */
export const MAX_JSON_DEPTH = 64;
/** Nodes a JSON schema may expand to once its `$ref`s are inlined for a vendor that has no `$ref`. */
export const MAX_SCHEMA_NODES = 10_000;
/** Deepest nesting of a JSON schema once its `$ref`s are inlined. */
export const MAX_SCHEMA_DEPTH = 64;
/** Serialised size of a record's `metadata` (keys, teams, users, end users). */
export const MAX_METADATA_BYTES = 64 * 1024;
/** Deepest nesting inside a record's `metadata`. */
export const MAX_METADATA_DEPTH = 16;
/** Tags one request may carry, and the length of each. */
export const MAX_TAGS = 64;
export const MAX_TAG_LENGTH = 256;
/** Longest SSE line (or event) an upstream may send before the stream ends with an error. */
export const MAX_SSE_EVENT_BYTES = 8 * 1024 * 1024;
/** Longest `image_url` named back in an error message. */
export const MAX_URL_IN_MESSAGE = 200;

/**
 * The nesting depth of a JSON value, stopping as soon as it passes `limit` (iterative: a value nested
 * far deeper than the stack allows is measured without recursion).
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d + 1 > limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (c !== null && typeof c === "object") stack.push({ v: c, d: d + 1 });
  }
  return false;
}
