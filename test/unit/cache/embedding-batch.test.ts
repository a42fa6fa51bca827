import { describe, expect, it } from "vitest";
import { newEntry } from "../../../src/cache/cache-entry.js";
import { embeddingCacheKeys } from "../../../src/cache/cache-key.js";
import {
  type EmbeddingList,
  embeddingEntries,
  embeddingHitOf,
  mergeEmbeddingBatch,
  missingInputsBody,
  shares,
} from "../../../src/cache/embedding-batch.js";
import { MemoryResponseCache } from "../../../src/cache/memory-response-cache.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";

const upstreamFor = (inputs: string[], tokens: number): EmbeddingList => ({
  object: "list",
  data: inputs.map((s, index) => ({ object: "embedding", index, embedding: [s.length, index] })),
  model: "text-embedding-3-small",
  usage: { prompt_tokens: tokens, total_tokens: tokens },
});

describe("embeddings cached per input", () => {
  it("a batch where some inputs were seen sends only the rest upstream, and answers in the request's order", async () => {
    let now = 1_800_000_000_000;
    const store = new MemoryResponseCache({ now: () => now, maxEntriesPerScope: 100 });
    const scope = "team:a";
    const at = (key: string) => ({ namespace: "default", key });
    const store1 = async (body: { model: string; input: string[] }) => {
      const keys = await embeddingCacheKeys({ scope, modelGroup: "emb", body });
      const hits = new Map<number, NonNullable<ReturnType<typeof embeddingHitOf>>>();
      for (const [i, k] of keys.entries()) {
        const h = await store.get(at(k));
        const e = h && embeddingHitOf(h.entry);
        if (e) hits.set(i, e);
      }
      const missing = keys.map((_, i) => i).filter((i) => !hits.has(i));
      const sent = missing.length ? missingInputsBody(body, missing) : undefined;
      const upstream = sent ? upstreamFor(sent.input as string[], 10 * missing.length) : undefined;
      if (upstream && sent)
        for (const [j, e] of embeddingEntries({
          upstream,
          inputs: sent.input as string[],
          modelGroup: "emb",
          costMicros: 30,
          now,
          ttlMs: 60_000,
        }).entries())
          await store.put(at(keys[missing[j]!]!), e, { maxBytes: 1 << 20, scope });
      return {
        sent,
        merged: mergeEmbeddingBatch({ total: keys.length, cached: hits, upstream, missing, model: "emb" }),
      };
    };

    const first = await store1({ model: "emb", input: ["alpha", "beta"] });
    expect(first.sent?.input).toEqual(["alpha", "beta"]);
    now += 1000;
    const second = await store1({ model: "emb", input: ["gamma", "beta", "alpha"] });
    expect(second.sent?.input).toEqual(["gamma"]);
    expect(second.merged.data).toEqual([
      { object: "embedding", index: 0, embedding: [5, 0] },
      { object: "embedding", index: 1, embedding: [4, 1] },
      { object: "embedding", index: 2, embedding: [5, 0] },
    ]);
    // usage counts every input: gamma's 10 from upstream plus the stored shares of beta and alpha
    expect(second.merged.usage).toEqual({ prompt_tokens: 30, total_tokens: 30 });
    const third = await store1({ model: "emb", input: ["alpha"] });
    expect(third.sent).toBeUndefined();
    expect(third.merged.data[0]!.embedding).toEqual([5, 0]);
  });

  it("sends the rest in the client's form: a single string or token array stays as it came", () => {
    expect(missingInputsBody({ model: "e", input: "solo" }, [0])).toEqual({ model: "e", input: "solo" });
    expect(missingInputsBody({ model: "e", input: [1, 2, 3] }, [0])).toEqual({ model: "e", input: [1, 2, 3] });
    expect(missingInputsBody({ model: "e", input: [[1], [2], [3]] }, [0, 2])).toEqual({
      model: "e",
      input: [[1], [3]],
    });
    expect(missingInputsBody({ model: "e", input: ["a", "b"], dimensions: 8 }, [1])).toEqual({
      model: "e",
      input: ["b"],
      dimensions: 8,
    });
  });

  it("splits a batch's tokens and cost over its inputs by length, exactly", () => {
    expect(shares(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(shares(7, [5, 0, 2])).toEqual([5, 0, 2]);
    expect(shares(0, [3, 4])).toEqual([0, 0]);
    const entries = embeddingEntries({
      upstream: upstreamFor(["aaa", "b"], 8),
      inputs: ["aaa", "b"],
      modelGroup: "emb",
      costMicros: 4,
      now: 0,
      ttlMs: 1000,
    });
    expect(entries.map((e) => [e.usage?.prompt_tokens, e.cost_micros])).toEqual([
      [6, 3],
      [2, 1],
    ]);
  });

  it("an upstream answer missing an input is an error, not an empty embedding", () => {
    const short: EmbeddingList = { ...upstreamFor(["a"], 1) };
    let err: unknown;
    try {
      mergeEmbeddingBatch({ total: 2, cached: new Map(), upstream: short, missing: [0, 1], model: "e" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).status).toBe(502);
  });

  it("an entry that is not an embedding is not a hit", () => {
    const chat = newEntry({
      operation: "chat",
      modelGroup: "m",
      answer: {},
      usage: undefined,
      costMicros: 0,
      now: 0,
      ttlMs: 1,
    });
    expect(embeddingHitOf(chat)).toBeUndefined();
  });
});
