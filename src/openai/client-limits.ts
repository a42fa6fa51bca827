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
/** Longest `image_url` named back in an error message. */
export const MAX_URL_IN_MESSAGE = 200;

interface Step {
  key: string | number;
  parent: Step | undefined;
}

/**
 * Where a JSON value nests deeper than `limit` objects and arrays (the path to the first node past it),
 * or undefined when it does not. Iterative: a value nested far deeper than the stack allows is measured
 * without recursion, and the walk stops at the first node past the limit.
 */
export function pathPastDepth(value: unknown, limit: number): Array<string | number> | undefined {
  const stack: Array<{ v: object; d: number; at: Step | undefined }> = [];
  if (value !== null && typeof value === "object") stack.push({ v: value, d: 1, at: undefined });
  while (stack.length > 0) {
    const { v, d, at } = stack.pop()!;
    if (d > limit) {
      const path: Array<string | number> = [];
      for (let s = at; s; s = s.parent) path.unshift(s.key);
      return path;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const c: unknown = v[i];
        if (c !== null && typeof c === "object") stack.push({ v: c, d: d + 1, at: { key: i, parent: at } });
      }
    } else {
      for (const k in v) {
        const c: unknown = (v as Record<string, unknown>)[k];
        if (c !== null && typeof c === "object") stack.push({ v: c, d: d + 1, at: { key: k, parent: at } });
      }
    }
  }
  return undefined;
}
