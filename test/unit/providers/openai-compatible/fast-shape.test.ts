import { describe, expect, it } from "vitest";
import {
  UpstreamChunk,
  UpstreamCompletion,
  UpstreamEmbeddings,
} from "../../../../src/providers/openai-compatible/api.js";
import {
  isPlainChunk,
  isPlainCompletion,
  isPlainEmbeddings,
} from "../../../../src/providers/openai-compatible/fast-shape.js";

// The fast check may only say "valid" where the schema says so; it should say so for every usual body.
const scalars = [undefined, null, "x", 5, 1.5, true, {}, [], Number.NaN];
const completions: unknown[] = [null, "x", 3, [], {}];
for (const id of scalars) completions.push({ id, choices: [] });
for (const model of scalars) completions.push({ model, choices: [] });
for (const created of scalars) completions.push({ created, choices: [] });
for (const choices of [
  ...scalars,
  [null],
  [1],
  [[]],
  [{}],
  [{ message: null }],
  [{ message: {} }],
  [{ message: [] }],
  [{ message: "x" }],
  [{}, { message: 3 }],
]) {
  completions.push({ choices });
}
for (const usage of [
  ...scalars,
  { prompt_tokens: 1 },
  { prompt_tokens: 1, completion_tokens: 2 },
  { prompt_tokens: "1", completion_tokens: 2 },
  { prompt_tokens: 1, completion_tokens: Infinity },
]) {
  completions.push({ choices: [{ message: { role: "assistant", content: "hi" } }], usage });
}
completions.push({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "m",
  system_fingerprint: null,
  choices: [
    { index: 0, message: { role: "assistant", content: "hi", refusal: null }, logprobs: null, finish_reason: "stop" },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4, prompt_tokens_details: { cached_tokens: 0 } },
});

const chunks: unknown[] = [null, "x", 3, [], {}];
for (const choices of [...scalars, [null], [1], [{}], [{ delta: {} }], [{}, []]]) chunks.push({ choices });
for (const usage of scalars) chunks.push({ choices: [], usage });
for (const error of scalars) chunks.push({ error });
chunks.push({
  id: "c",
  object: "chat.completion.chunk",
  created: 1,
  model: "m",
  choices: [{ index: 0, delta: { content: "h" }, finish_reason: null }],
});

const embeddings: unknown[] = [null, "x", [], {}, { data: null }];
const vectors = [[], [0.1, -2], [1, Number.NaN], [1, Number.POSITIVE_INFINITY], [1, "2"], [null], "AAAA", 5, null, {}];
for (const embedding of vectors) embeddings.push({ data: [{ index: 0, embedding }] });
for (const index of [...scalars, 2 ** 60, -1]) embeddings.push({ data: [{ index, embedding: [0.5] }] });
for (const model of scalars) embeddings.push({ model, data: [] });
for (const usage of [...scalars, { prompt_tokens: 1.5 }, { total_tokens: "3" }, { prompt_tokens: 2, total_tokens: 2 }])
  embeddings.push({ data: [], usage });
embeddings.push({ data: [null] }, { data: [{}] });
embeddings.push({
  object: "list",
  data: [{ object: "embedding", index: 0, embedding: [0.01, -0.02, 0.03] }],
  model: "text-embedding-3-small",
  usage: { prompt_tokens: 3, total_tokens: 3 },
});

const kinds = [
  { name: "completion", bodies: completions, schema: UpstreamCompletion, fast: isPlainCompletion },
  { name: "chunk", bodies: chunks, schema: UpstreamChunk, fast: isPlainChunk },
  { name: "embeddings answer", bodies: embeddings, schema: UpstreamEmbeddings, fast: isPlainEmbeddings },
];

describe("fast upstream shape checks", () => {
  for (const k of kinds) {
    it(`a ${k.name} passes the fast check exactly when the schema accepts it (${k.bodies.length} bodies)`, () => {
      for (const v of k.bodies) expect(k.fast(v), JSON.stringify(v)).toBe(k.schema.safeParse(v).success);
      expect(k.fast(k.bodies[k.bodies.length - 1])).toBe(true); // a typical vendor body takes the fast path
    });
  }
});
