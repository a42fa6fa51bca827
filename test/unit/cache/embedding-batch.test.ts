import { describe, expect, it } from "vitest";
import { newEntry } from "../../../src/cache/cache-entry.js";
import {
  type EmbeddingList,
  embeddingEntries,
  embeddingHitOf,
  mergeEmbeddingBatch,
  missingInputsBody,
  shares,
} from "../../../src/cache/embedding-batch.js";
import { cacheRuntimeOf } from "../../../src/cache/cache-runtime.js";
import { EmbeddingCache } from "../../../src/cache/embedding-cache.js";
import { setupConfig } from "../../../src/gateway-setup.js";
import type { Principal } from "../../../src/state/principal.js";
import { MemorySpendSink } from "../../../src/state/memory/spend-sink.js";
import { testClock } from "../../helpers/response-cache-contract.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";

const upstreamFor = (inputs: string[], tokens: number): EmbeddingList => ({
  object: "list",
  data: inputs.map((s, index) => ({ object: "embedding", index, embedding: [s.length, index] })),
  model: "text-embedding-3-small",
  usage: { prompt_tokens: tokens, total_tokens: tokens },
});

const teamMember: Principal = {
  kind: "virtual",
  keyHash: "c".repeat(64),
  keyAlias: null,
  keyName: "sk-...",
  userId: null,
  models: [],
  aliases: {},
  metadata: {},
  accounts: [],
  teamId: "t",
};

describe("embeddings cached per input", () => {
  it("a batch where some inputs were seen sends only the rest upstream, and answers in the request's order", async () => {
    const clock = testClock();
    const { runtime } = setupConfig(
      "model_list:\n  - model_name: emb\n    litellm_params: { model: openai/e, api_key: sk-x }\nlitellm_settings:\n  cache: true\n",
      () => undefined,
    );
    const rt = cacheRuntimeOf({
      config: runtime,
      state: { spend: new MemorySpendSink() },
      now: clock.now,
      log: console,
    });
    const serve = async (input: unknown, principal: Principal = { kind: "master" }, extra = {}) => {
      const c = (await EmbeddingCache.open({
        runtime: rt,
        principal,
        modelGroup: "emb",
        body: { model: "emb", input, ...extra },
        headers: new Headers(),
      }))!;
      const sent = c.upstreamBody?.input as string[] | string | undefined;
      const upstream = sent ? upstreamFor(Array.isArray(sent) ? sent : [sent], 10 * c.missing.length) : undefined;
      if (upstream) await c.store(upstream, { costMicros: 30 * c.missing.length, now: clock.now() });
      return { c, sent, merged: c.merge(upstream, "emb") };
    };

    const first = await serve(["alpha", "beta"]);
    expect(first.sent).toEqual(["alpha", "beta"]);
    expect(first.c.headers()).toEqual({ "x-switchyard-cache": "MISS", "x-switchyard-cache-inputs": "0/2" });
    const second = await serve(["gamma", "beta", "alpha"]);
    expect(second.sent).toEqual(["gamma"]);
    expect(second.merged.data).toEqual([
      { object: "embedding", index: 0, embedding: [5, 0] },
      { object: "embedding", index: 1, embedding: [4, 1] },
      { object: "embedding", index: 2, embedding: [5, 0] },
    ]);
    // usage counts every input: gamma's 10 from upstream plus the stored shares of beta and alpha
    expect(second.merged.usage).toEqual({ prompt_tokens: 30, total_tokens: 30 });
    expect(second.c.spendFields()).toEqual({ cache_hit: false, saved_cost_micros: 60 });
    const third = await serve("alpha");
    expect(third.sent).toBeUndefined();
    expect(third.merged.data[0]!.embedding).toEqual([5, 0]);
    expect(third.c.headers()["x-switchyard-cache"]).toBe("HIT");
    expect(third.c.spendFields()).toEqual({ cache_hit: true, saved_cost_micros: 33 }); // alpha's share (5 of 9) of 60
    // another scope, or another dimensions value, sees none of it
    expect((await serve(["alpha"], teamMember)).sent).toEqual(["alpha"]);
    expect((await serve(["alpha"], { kind: "master" }, { dimensions: 8 })).sent).toEqual(["alpha"]);
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
