import { describe, expect, it } from "vitest";
import { EmbeddingsRequest } from "../../../src/openai/embeddings.js";
import { fastEmbeddingsRequest } from "../../../src/openai/fast-embeddings-request.js";

// The fast path may only ever say what the zod schema says: it accepts only what the schema accepts.
const inputs: unknown[] = ["hi", "", ["a", "b"], [], ["a", ""], [1, 2], [[1, 2]], "x".repeat(10), null, 5, { a: 1 }];
inputs.push(
  Array.from({ length: 2048 }, () => "a"),
  Array.from({ length: 2049 }, () => "a"),
);
const extras: Array<Record<string, unknown>> = [
  {},
  { encoding_format: "float" },
  { encoding_format: "base64" },
  { encoding_format: "hex" },
  { encoding_format: null },
  { dimensions: 256 },
  { dimensions: 0 },
  { dimensions: 1.5 },
  { dimensions: null },
  { user: "u1" },
  { user: "u".repeat(513) },
  { user: 7 },
  { input_type: "search_query" },
  { metadata: { a: 1 } },
  { fallbacks: ["x"] },
  { unknown_field: 1 },
];
const cases: Array<Record<string, unknown>> = [
  {},
  { input: "hi" },
  { model: "", input: "hi" },
  { model: 3, input: "hi" },
];
for (const input of inputs) for (const extra of extras) cases.push({ model: "embed", input, ...extra });

describe("fastEmbeddingsRequest", () => {
  it(`accepts only what the schema accepts, and the usual request (${cases.length} bodies)`, () => {
    let fast = 0;
    for (const c of cases) {
      const r = fastEmbeddingsRequest(c);
      if (r === undefined) continue;
      fast++;
      expect(EmbeddingsRequest.safeParse(c).success, JSON.stringify(c).slice(0, 200)).toBe(true);
      expect(EmbeddingsRequest.parse(c)).toEqual(r);
    }
    expect(fastEmbeddingsRequest({ model: "embed", input: ["a", "b"], encoding_format: "base64" })).toBeDefined();
    expect(fast).toBe(28); // 4 valid inputs x 7 extras in the subset
  });
});
