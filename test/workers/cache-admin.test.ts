import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SpendRecord } from "../../src/state/spend-record.js";
import { INSERT_SPEND_SQL } from "../../src/state/cloudflare/spend-log-row.js";
import { KvResponseCache } from "../../src/state/cloudflare/kv-response-cache.js";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { json, newKey } from "../helpers/keys.js";
import { entryAt, testClock } from "../helpers/response-cache-contract.js";

// The cache's management routes on the built worker, with its real KV, Durable Object and D1 bindings.
let gw: TestGateway;
let kv: KVNamespace;

beforeAll(async () => {
  gw = await startGateway({
    config: configWith(
      `  - model_name: chat-model
    litellm_params: { model: openai/m, api_key: sk-upstream-secret-1234, api_base: http://127.0.0.1:9 }
  - model_name: embedder
    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-upstream-secret-1234, api_base: http://127.0.0.1:9 }`,
      `litellm_settings:
  cache: true
  cache_params: { type: semantic, semantic_cache_embedding_model: embedder, namespace: main, ttl: 600 }
`,
    ),
  });
  kv = (await gw.mf.getKVNamespace("CACHE")) as unknown as KVNamespace;
});
afterAll(async () => {
  await gw?.stop();
});

const clock = testClock(Date.now());
const store = () => new KvResponseCache(kv, { now: clock.now }); // a fresh "isolate" each time
const put = (namespace: string, key: string) =>
  store().put({ namespace, key }, entryAt(clock, "Paris", 600_000), { maxBytes: 1 << 20, scope: "master" });

describe("cache admin routes", () => {
  it("only the master key may use them: a virtual key gets 401", async () => {
    const k = await newKey(gw, {});
    for (const [path, method] of [
      ["/cache/ping", "GET"],
      ["/cache/delete", "POST"],
      ["/cache/flush", "POST"],
      ["/cache/stats", "GET"],
    ] as const) {
      const res = await gw.call(path, {
        method,
        headers: { authorization: `Bearer ${k.key}` },
        ...(method === "POST" ? { body: { keys: ["a".repeat(64)] } } : {}),
      });
      expect(res.status, path).toBe(401);
      expect((await json(res)).error.code).toBe("admin_only");
    }
    expect((await gw.call("/cache/ping", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  });

  it("GET /cache/ping: healthy, with the cache's type, its store and its semantic index", async () => {
    const res = await gw.call("/cache/ping");
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      status: "healthy",
      cache_type: "semantic",
      store: "kv",
      ping_response: true,
      semantic_index: "durable_object",
      litellm_cache_params: { ttl: 600, namespace: "main", scope: "team", embedding_model: "embedder" },
    });
    expect(JSON.stringify(body)).not.toContain("sk-upstream-secret");
  });

  it("POST /cache/delete {keys}: LiteLLM's answer, and the entries are gone (namespace:key form too)", async () => {
    const a = "a1".repeat(32);
    const b = "b1".repeat(32);
    const c = "c1".repeat(32);
    await put("main", a);
    await put("main", b);
    await put("other", c);
    const res = await gw.call("/cache/delete", { body: { keys: [a, `other:${c}`] } });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "success", deleted_keys: 2 });
    expect(await store().get({ namespace: "main", key: a })).toBeUndefined();
    expect(await store().get({ namespace: "other", key: c })).toBeUndefined();
    expect(await store().get({ namespace: "main", key: b })).toBeDefined();
  });

  it("POST /cache/delete refuses what is not a cache key, naming it", async () => {
    const res = await gw.call("/cache/delete", { body: { keys: ["a".repeat(64), "What is the capital?"] } });
    expect(res.status).toBe(400);
    const e = (await json(res)).error;
    expect(e.param).toBe("keys[1]");
    expect(e.message).toContain("cache key");
    expect((await gw.call("/cache/delete", { body: {} })).status).toBe(400);
  });

  it("POST /cache/flush: the namespace's entries stop being served, other namespaces keep theirs", async () => {
    const k = "d1".repeat(32);
    await put("flushme", k);
    await put("keepme", k);
    const res = await gw.call("/cache/flush", { body: { namespace: "flushme" } });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "success", namespace: "flushme", generation: 1 });
    expect(await store().get({ namespace: "flushme", key: k })).toBeUndefined();
    expect(await store().get({ namespace: "keepme", key: k })).toBeDefined();
    const dflt = await json(await gw.call("/cache/flush", { body: {} }));
    expect(dflt).toMatchObject({ namespace: "main" });
    expect((await gw.call("/cache/flush", { body: { namespace: "no/slash" } })).status).toBe(400);
  });

  it("GET /cache/stats: hits, misses and saved spend from the spend logs, per day, by team", async () => {
    const db = await gw.mf.getD1Database("DB", "switchyard");
    const day = Date.parse("2031-03-04T10:00:00Z");
    const rec = (id: string, over: Partial<SpendRecord>): SpendRecord => ({
      request_id: id,
      created_at: day,
      key_hash: null,
      key_alias: null,
      team_id: "stats-team",
      user_id: null,
      end_user: null,
      model_group: "chat-model",
      requested_model: "chat-model",
      deployment_id: null,
      provider: null,
      model: null,
      prompt_tokens: 0,
      completion_tokens: 0,
      cached_tokens: 0,
      reasoning_tokens: 0,
      cost_micros: 0,
      status: 200,
      error_type: null,
      latency_ms: 1,
      ttft_ms: null,
      stream: false,
      attempted_retries: 0,
      attempted_fallbacks: 0,
      tags: [],
      metadata: {},
      operation: "chat",
      ...over,
    });
    const rows = [
      rec("stats-1", { cache_hit: true, saved_cost_micros: 1500 }),
      rec("stats-2", { cache_hit: true, saved_cost_micros: 500, created_at: day + 86_400_000 }),
      rec("stats-3", { cache_hit: false, cost_micros: 2000 }),
      rec("stats-4", {}), // the cache did not look
      rec("stats-5", { cache_hit: true, saved_cost_micros: 7, team_id: "another-team" }),
    ];
    await db.prepare(INSERT_SPEND_SQL).bind(JSON.stringify(rows)).run();

    const res = await gw.call("/cache/stats?team_id=stats-team&start_date=2031-03-01&end_date=2031-03-31");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      hits: 2,
      misses: 1,
      hit_rate: 2 / 3,
      saved_spend: 0.002,
      saved_cost_micros: 2000,
      daily: [
        { date: "2031-03-04", hits: 1, misses: 1, hit_rate: 0.5, saved_spend: 0.0015, saved_cost_micros: 1500 },
        { date: "2031-03-05", hits: 1, misses: 0, hit_rate: 1, saved_spend: 0.0005, saved_cost_micros: 500 },
      ],
    });
    // a record with the cache columns reads back through the spend log API
    const logs = await json<Array<Record<string, unknown>>>(await gw.call("/spend/logs?request_id=stats-1"));
    expect(logs).toHaveLength(1);
    expect((await gw.call("/cache/stats?start_date=someday")).status).toBe(400);
  });
});
