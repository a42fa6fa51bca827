import { describe, expect, it } from "vitest";
import { cosineSimilarity, topMatches } from "../../../src/cache/cosine.js";
import { MemorySemanticIndex } from "../../../src/cache/memory-semantic-index.js";
import type { SemanticIndex, SemanticRecord } from "../../../src/cache/semantic-index.js";
import { promptText } from "../../../src/cache/semantic-cache.js";
import { VectorizeSemanticIndex } from "../../../src/state/cloudflare/vectorize-semantic-index.js";

/**
 * A stand-in for the Vectorize binding that holds it to its documented contract
 * (developers.cloudflare.com/vectorize: Workers API, metadata filtering, limits): ids of at most
 * 64 bytes, at most 1536 dimensions, at most 10 KiB of metadata, topK at most 20 when metadata is
 * returned, filters of implicit $eq on indexed string properties matched on their first 64 bytes,
 * the filter applied before topK, cosine scores, `{ matches, count }` answers and `{ mutationId }`
 * for mutations.
 */
function fakeVectorize(indexed: readonly string[]) {
  const vectors = new Map<string, VectorizeVector>();
  const calls: Array<{ op: string; args: unknown[] }> = [];
  let mutation = 0;
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  const first64 = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s).slice(0, 64));
  const binding = {
    async query(vector: number[] | Float32Array, options?: VectorizeQueryOptions): Promise<VectorizeMatches> {
      calls.push({ op: "query", args: [vector, options] });
      const topK = options?.topK ?? 5;
      if (options?.returnMetadata && options.returnMetadata !== "none" && topK > 20)
        throw new Error("VECTOR_QUERY_ERROR: topK too large with metadata");
      for (const [field, v] of Object.entries(options?.filter ?? {})) {
        if (!indexed.includes(field)) throw new Error(`no metadata index for "${field}"`);
        if (typeof v !== "string") throw new Error("this fake only knows implicit $eq on strings");
      }
      const candidates = [...vectors.values()].filter((x) =>
        Object.entries(options?.filter ?? {}).every(
          ([field, v]) => first64(String(x.metadata?.[field])) === first64(v as string),
        ),
      );
      const matches = candidates
        .map((x) => ({
          id: x.id,
          score: cosineSimilarity(x.values, vector),
          ...(options?.returnMetadata === "all" ? { metadata: x.metadata } : {}),
        }))
        .sort((a, b) => b.score - a.score)
        .slice(0, topK);
      return { matches, count: matches.length };
    },
    async upsert(list: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
      calls.push({ op: "upsert", args: [list] });
      for (const v of list) {
        if (bytes(v.id) > 64) throw new Error("vector id longer than 64 bytes");
        if (v.values.length > 1536) throw new Error("more than 1536 dimensions");
        if (bytes(JSON.stringify(v.metadata ?? {})) > 10 * 1024) throw new Error("metadata over 10 KiB");
        vectors.set(v.id, { ...v, values: [...v.values] });
      }
      return { mutationId: `m-${++mutation}` };
    },
    async deleteByIds(ids: string[]): Promise<VectorizeAsyncMutation> {
      calls.push({ op: "deleteByIds", args: [ids] });
      for (const id of ids) vectors.delete(id);
      return { mutationId: `m-${++mutation}` };
    },
  };
  return { binding, calls, vectors };
}

const rec = (over: Partial<SemanticRecord>): SemanticRecord => ({
  scope: `key:${"f".repeat(64)}`, // a key-scoped label is longer than the 64 bytes Vectorize filters on
  modelGroup: "gpt-4o",
  paramsHash: "a".repeat(64),
  namespace: "default",
  key: "1".repeat(64),
  vector: [1, 0, 0],
  createdAt: 1_800_000_000_000,
  ...over,
});
const query = (over: Partial<Parameters<SemanticIndex["query"]>[0]> = {}) => ({
  scope: `key:${"f".repeat(64)}`,
  modelGroup: "gpt-4o",
  paramsHash: "a".repeat(64),
  vector: [1, 0, 0],
  threshold: 0.95,
  topK: 3,
  ...over,
});

describe("Vectorize semantic index (against the binding's documented shapes)", () => {
  const make = () => {
    const fake = fakeVectorize(["scope", "model_group", "params_hash"]);
    return { fake, ix: new VectorizeSemanticIndex(fake.binding) };
  };

  it("upserts one vector: a 64-character id, the values, metadata with hashed scope, group, params hash, and where the answer is", async () => {
    const { fake, ix } = make();
    await ix.upsert(rec({}));
    const [list] = fake.calls.find((c) => c.op === "upsert")!.args as [VectorizeVector[]];
    expect(list).toHaveLength(1);
    const v = list![0]!;
    expect(v.id).toMatch(/^[0-9a-f]{64}$/);
    expect(v.values).toEqual([1, 0, 0]);
    expect(v.metadata).toEqual({
      scope: expect.stringMatching(/^[0-9a-f]{64}$/),
      model_group: "gpt-4o",
      params_hash: "a".repeat(64),
      namespace: "default",
      key: "1".repeat(64),
      created_at: 1_800_000_000_000,
    });
    expect(JSON.stringify(v.metadata)).not.toContain("f".repeat(64)); // the scope label itself is not stored
  });

  it("queries with topK, full metadata and an $eq filter on scope, model group and params hash", async () => {
    const { fake, ix } = make();
    await ix.query(query());
    const [vector, options] = fake.calls.find((c) => c.op === "query")!.args as [number[], VectorizeQueryOptions];
    expect(vector).toEqual([1, 0, 0]);
    expect(options).toEqual({
      topK: 3,
      returnMetadata: "all",
      filter: { scope: expect.stringMatching(/^[0-9a-f]{64}$/), model_group: "gpt-4o", params_hash: "a".repeat(64) },
    });
    await ix.query(query({ topK: 50 }));
    expect((fake.calls.at(-1)!.args[1] as VectorizeQueryOptions).topK).toBe(20);
  });

  it("a close vector hits above the threshold; below it, nothing", async () => {
    const { ix } = make();
    await ix.upsert(rec({ vector: [1, 0.1, 0] }));
    const hit = await ix.query(query());
    expect(hit).toEqual([{ namespace: "default", key: "1".repeat(64), score: expect.closeTo(0.995, 3) }]);
    expect(await ix.query(query({ vector: [1, 1, 0] }))).toEqual([]); // cosine 0.77
  });

  it("another scope, model group or parameter set never matches", async () => {
    const { ix } = make();
    await ix.upsert(rec({}));
    expect(await ix.query(query({ scope: `key:${"e".repeat(64)}` }))).toEqual([]);
    expect(await ix.query(query({ modelGroup: "claude" }))).toEqual([]);
    expect(await ix.query(query({ paramsHash: "b".repeat(64) }))).toEqual([]);
    expect(await ix.query(query())).toHaveLength(1);
  });

  it("the same namespace and key replace their vector; forget deletes it by the same id", async () => {
    const { fake, ix } = make();
    await ix.upsert(rec({}));
    await ix.upsert(rec({ vector: [0, 1, 0] }));
    expect(fake.vectors.size).toBe(1);
    await ix.upsert(rec({ namespace: "other" }));
    expect(fake.vectors.size).toBe(2);
    await ix.forget("ignored", [{ namespace: "default", key: "1".repeat(64) }]);
    expect([...fake.vectors.values()].map((v) => v.metadata?.namespace)).toEqual(["other"]);
  });

  it("skips a match whose metadata does not say where its answer is", async () => {
    const { fake, ix } = make();
    await ix.upsert(rec({}));
    for (const v of fake.vectors.values()) delete v.metadata!.key;
    expect(await ix.query(query())).toEqual([]);
  });
});

describe("memory semantic index", () => {
  it("scoped, filtered by group and params, best first, bounded per scope", async () => {
    const ix = new MemorySemanticIndex();
    const bound = { maxEntriesPerScope: 2 };
    await ix.upsert(rec({ key: "a", vector: [1, 0.2, 0] }), bound);
    await ix.upsert(rec({ key: "b", vector: [1, 0, 0] }), bound);
    await ix.upsert(rec({ scope: "team:other", key: "z", vector: [1, 0, 0] }), bound);
    expect((await ix.query(query())).map((m) => m.key)).toEqual(["b", "a"]);
    expect(await ix.query(query({ paramsHash: "x" }))).toEqual([]);
    await ix.upsert(rec({ key: "c", vector: [1, 0.01, 0] }), bound); // "a" is evicted
    expect((await ix.query(query())).map((m) => m.key)).toEqual(["b", "c"]);
    await ix.forget(rec({}).scope, [{ namespace: "default", key: "b" }]);
    expect((await ix.query(query())).map((m) => m.key)).toEqual(["c"]);
  });
});

describe("cosine", () => {
  it("is 1 for the same direction, 0 for orthogonal or mismatched vectors; topMatches filters and orders", () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 10);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 0], [1, 0, 0])).toBe(0);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    const m = topMatches(
      [
        { id: 1, vector: [1, 0] },
        { id: 2, vector: [1, 1] },
        { id: 3, vector: [1, 0.1] },
      ],
      [1, 0],
      { threshold: 0.9, topK: 5 },
    );
    expect(m.map((x) => x.item.id)).toEqual([1, 3]);
  });
});

describe("the text a semantic cache embeds", () => {
  it("a conversation as role-prefixed lines, tool calls by name and arguments", () => {
    expect(
      promptText("chat", {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }],
          },
          { role: "tool", tool_call_id: "c1", content: "sunny" },
        ],
      }),
    ).toBe(
      'system: Be brief.\nuser: Weather in Paris?\nassistant: \nassistant calls weather({"city":"Paris"})\ntool: sunny',
    );
  });

  it("a text completion's prompt; nothing for images, token arrays or embeddings (exact cache only)", () => {
    expect(promptText("text_completion", { prompt: "Once upon" })).toBe("Once upon");
    expect(
      promptText("chat", {
        messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }],
      }),
    ).toBeUndefined();
    expect(promptText("text_completion", { prompt: [1, 2, 3] })).toBeUndefined();
    expect(promptText("embeddings", { input: "hello" })).toBeUndefined();
    expect(promptText("messages", { messages: [{ role: "user", content: "hi" }] })).toBe("user: hi");
  });

  it("a Responses request's text input; a list of input items uses the exact cache only", () => {
    expect(promptText("responses", { input: "hi", instructions: "Be brief." })).toBe("user: hi");
    expect(promptText("responses", { input: [{ role: "user", content: "hi" }] })).toBeUndefined();
  });
});
