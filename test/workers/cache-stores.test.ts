import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newEntry } from "../../src/cache/cache-entry.js";
import type { CachePlan } from "../../src/cache/cache-plan.js";
import { semanticLookup, semanticRemember } from "../../src/cache/semantic-cache.js";
import type { SemanticCacheObject } from "../../durable-objects/semantic-cache.js";
import { DurableSemanticIndex } from "../../src/state/cloudflare/durable-semantic-index.js";
import { KvResponseCache } from "../../src/state/cloudflare/kv-response-cache.js";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { entryAt, responseCacheContract, testClock } from "../helpers/response-cache-contract.js";

// The Cloudflare cache stores against real bindings in workerd (declared in wrangler.toml):
// the KV response cache on CACHE, the semantic index's Durable Object on SEMANTIC_CACHE.
let gw: TestGateway;
let kv: KVNamespace;
let semanticNs: DurableObjectNamespace<SemanticCacheObject>;

beforeAll(async () => {
  gw = await startGateway({
    config: configWith(
      `  - model_name: m\n    litellm_params: { model: openai/m, api_key: sk-x, api_base: http://127.0.0.1:9 }`,
      "litellm_settings:\n  cache: true\n",
    ),
  });
  kv = (await gw.mf.getKVNamespace("CACHE")) as unknown as KVNamespace;
  semanticNs = (await gw.mf.getDurableObjectNamespace(
    "SEMANTIC_CACHE",
  )) as unknown as DurableObjectNamespace<SemanticCacheObject>;
});
afterAll(async () => {
  await gw?.stop();
});

responseCacheContract("KV store in workerd", async (clock) => new KvResponseCache(kv, { now: clock.now }));

describe("KV store layout", () => {
  it("one KV value per entry under cache/<namespace>/<generation>/<key>, expiring with the entry (at least KV's 60 s)", async () => {
    const clock = testClock();
    const cache = new KvResponseCache(kv, { now: clock.now });
    const key = "1".repeat(64);
    await cache.put({ namespace: "layout", key }, entryAt(clock, "Paris", 300_000), { maxBytes: 1 << 20, scope: "s" });
    const listed = await kv.list({ prefix: "cache/layout/" });
    expect(listed.keys.map((k) => k.name)).toEqual([`cache/layout/0/${key}`]);
    const expiresIn = listed.keys[0]!.expiration! - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(290);
    expect(expiresIn).toBeLessThanOrEqual(301);
    const stored = JSON.parse((await kv.get(`cache/layout/0/${key}`))!);
    expect(stored).toMatchObject({ model_group: "gpt-4o", cost_micros: 12, usage: { total_tokens: 5 } });
    expect(stored.created_at).toBe(clock.now());

    await cache.put({ namespace: "layout", key: "2".repeat(64) }, entryAt(clock, "short", 5_000), {
      maxBytes: 1 << 20,
      scope: "s",
    });
    const short = (await kv.list({ prefix: `cache/layout/0/${"2".repeat(64)}` })).keys[0]!;
    expect(short.expiration! - Date.now() / 1000).toBeGreaterThan(55); // KV's floor; expires_at is checked on read
  });

  it("a flush bumps the namespace's generation: another isolate sees it once its 30 s trust in the old one ends", async () => {
    const clock = testClock();
    const here = new KvResponseCache(kv, { now: clock.now });
    const elsewhere = new KvResponseCache(kv, { now: clock.now });
    const at = { namespace: "gen", key: "3".repeat(64) };
    await here.put(at, entryAt(clock, "Paris", 600_000), { maxBytes: 1 << 20, scope: "s" });
    expect(await elsewhere.get(at)).toBeDefined(); // reads (and trusts) generation 0
    expect(await here.flush("gen")).toBe(1);
    expect(await kv.get("cache-generation/gen")).toBe("1");
    expect(await here.get(at)).toBeUndefined(); // at once where the flush ran
    expect(await elsewhere.get(at)).toBeDefined(); // still generation 0 there
    clock.advance(30_000);
    expect(await elsewhere.get(at)).toBeUndefined();
  });
});

describe("semantic index in a Durable Object per scope", () => {
  const index = () => new DurableSemanticIndex(semanticNs);
  const rec = (over: Partial<Parameters<DurableSemanticIndex["upsert"]>[0]>) => ({
    scope: "team:A",
    modelGroup: "m",
    paramsHash: "p1",
    namespace: "default",
    key: "k1",
    vector: [1, 0, 0],
    createdAt: 1,
    ...over,
  });
  const q = (over: Partial<Parameters<DurableSemanticIndex["query"]>[0]> = {}) => ({
    scope: "team:A",
    modelGroup: "m",
    paramsHash: "p1",
    vector: [1, 0, 0],
    threshold: 0.9,
    topK: 3,
    ...over,
  });

  it("finds entries at or above the threshold, best first; nothing below it", async () => {
    const ix = index();
    await ix.upsert(rec({ scope: "team:T1", key: "near", vector: [0.96, 0.28, 0] }), { maxEntriesPerScope: 10 });
    await ix.upsert(rec({ scope: "team:T1", key: "exact", vector: [2, 0, 0] }), { maxEntriesPerScope: 10 });
    await ix.upsert(rec({ scope: "team:T1", key: "far", vector: [0, 1, 0] }), { maxEntriesPerScope: 10 });
    const found = await ix.query(q({ scope: "team:T1" }));
    expect(found.map((m) => m.key)).toEqual(["exact", "near"]);
    expect(found[0]!.score).toBeCloseTo(1, 5);
    expect(found[1]!.score).toBeCloseTo(0.96, 2);
    expect(await ix.query(q({ scope: "team:T1", threshold: 0.99 }))).toHaveLength(1);
    expect(await ix.query(q({ scope: "team:T1", vector: [0, 0, 1] }))).toEqual([]);
  });

  it("only the same scope, model group and params hash are candidates", async () => {
    const ix = index();
    await ix.upsert(rec({ scope: "team:T2", key: "k" }), { maxEntriesPerScope: 10 });
    expect(await ix.query(q({ scope: "team:T2" }))).toHaveLength(1);
    expect(await ix.query(q({ scope: "team:T3" }))).toEqual([]);
    expect(await ix.query(q({ scope: "team:T2", modelGroup: "other" }))).toEqual([]);
    expect(await ix.query(q({ scope: "team:T2", paramsHash: "p2" }))).toEqual([]);
  });

  it("holds at most max entries per scope, the oldest evicted; a re-stored entry is new again; forget removes", async () => {
    const ix = index();
    const scope = "team:T4";
    for (const key of ["a", "b", "c"]) await ix.upsert(rec({ scope, key }), { maxEntriesPerScope: 3 });
    await ix.upsert(rec({ scope, key: "a" }), { maxEntriesPerScope: 3 }); // a is now the newest
    await ix.upsert(rec({ scope, key: "d" }), { maxEntriesPerScope: 3 }); // b goes
    const stub = semanticNs.get(semanticNs.idFromName(scope));
    expect(await stub.count()).toBe(3);
    expect((await ix.query(q({ scope }))).map((m) => m.key).sort()).toEqual(["a", "c", "d"]);
    await ix.forget(scope, [{ namespace: "default", key: "c" }]);
    expect((await ix.query(q({ scope }))).map((m) => m.key).sort()).toEqual(["a", "d"]);
  });

  it("end to end with the KV store: a close prompt hits above the threshold, a different one misses, another team never hits", async () => {
    const clock = testClock();
    const cache = new KvResponseCache(kv, { now: clock.now });
    const ix = index();
    const vectors: Record<string, number[]> = {
      "user: What is the capital of France?": [1, 0.05, 0],
      "user: Capital of France?": [1, 0.1, 0],
      "user: Write a poem about the sea": [0, 0, 1],
    };
    const embed = async (text: string) => vectors[text]!;
    const plan: CachePlan = { namespace: "sem", lookup: true, store: true, ttlMs: 60_000 };
    const body = (content: string) => ({ model: "m", messages: [{ role: "user", content }] });
    const look = (scope: string, content: string) =>
      semanticLookup({
        index: ix,
        cache,
        embed,
        settings: { similarityThreshold: 0.95 },
        plan,
        scope,
        modelGroup: "m",
        operation: "chat",
        body: body(content),
      });

    const first = await look("team:A5", "What is the capital of France?");
    expect(first.hit).toBeUndefined();
    const key = "5".repeat(64);
    const entry = newEntry({
      operation: "chat",
      modelGroup: "m",
      answer: { text: "Paris" },
      usage: undefined,
      costMicros: 40,
      now: clock.now(),
      ttlMs: 60_000,
    });
    await cache.put({ namespace: "sem", key }, entry, { maxBytes: 1 << 20, scope: "team:A5" });
    await semanticRemember({
      index: ix,
      lookup: first,
      settings: { maxEntriesPerScope: 10 },
      scope: "team:A5",
      modelGroup: "m",
      namespace: "sem",
      key,
      now: clock.now(),
    });

    const close = await look("team:A5", "Capital of France?");
    expect(close.hit?.key).toBe(key);
    expect(close.hit?.entry.answer).toEqual({ text: "Paris" });
    expect(close.hit?.similarity).toBeGreaterThan(0.95);
    expect((await look("team:A5", "Write a poem about the sea")).hit).toBeUndefined();
    expect((await look("team:B5", "Capital of France?")).hit).toBeUndefined();

    clock.advance(60_000); // the answer expired: the match is reported stale
    const later = await look("team:A5", "Capital of France?");
    expect(later.hit).toBeUndefined();
    expect(later.stale).toEqual([{ namespace: "sem", key }]);
  });
});
