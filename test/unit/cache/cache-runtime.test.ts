import { describe, expect, it } from "vitest";
import { cacheDelete, cacheFlush, cachePing, cacheStats, requireCache } from "../../../src/admin/cache.js";
import { cacheRuntimeOf } from "../../../src/cache/cache-runtime.js";
import { cacheTotalsOf } from "../../../src/cache/cache-stats.js";
import { MemoryResponseCache } from "../../../src/cache/memory-response-cache.js";
import type { ResponseCache } from "../../../src/cache/response-cache.js";
import { TieredResponseCache } from "../../../src/cache/tiered-response-cache.js";
import type { SpendRecord } from "../../../src/state/spend-record.js";
import { setupConfig } from "../../../src/gateway-setup.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import { MemorySpendSink } from "../../../src/state/memory/spend-sink.js";
import { entryAt, testClock } from "../../helpers/response-cache-contract.js";

const models = `model_list:\n  - model_name: m\n    litellm_params: { model: openai/m, api_key: sk-x }\n  - model_name: emb\n    litellm_params: { model: openai/e, api_key: sk-x }\n`;
const runtimeFor = (litellm: string, state: Record<string, unknown> = {}) => {
  const warnings: string[] = [];
  const { runtime } = setupConfig(`${models}litellm_settings:\n${litellm}`, () => undefined);
  const rt = cacheRuntimeOf({
    config: runtime,
    state: { spend: new MemorySpendSink(), ...state },
    now: () => 0,
    log: { info: () => {}, warn: (m) => warnings.push(m), error: () => {} },
  });
  return { rt, warnings, config: runtime };
};

async function failure(p: Promise<unknown> | (() => unknown)): Promise<GatewayError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("expected a failure");
}

describe("the cache runtime", () => {
  it("is off without cache: true, and the admin routes then answer 503 naming the setting", async () => {
    const { rt } = runtimeFor("  drop_params: true\n");
    expect(rt).toBeUndefined();
    const e = await failure(() => requireCache(rt));
    expect([e.status, e.code]).toEqual([503, "cache_not_enabled"]);
    expect(e.message).toContain("litellm_settings.cache: true");
  });

  it("uses the state's shared store (KV on Workers) unless type memory asks for the isolate's own", () => {
    const shared = new MemoryResponseCache({ now: () => 0, maxEntriesPerScope: 1 });
    expect(
      runtimeFor("  cache: true\n  cache_params: { default_in_memory_ttl: 0 }\n", { cache: shared }).rt!.store,
    ).toBe(shared);
    const tiered = runtimeFor("  cache: true\n", { cache: shared }).rt!.store;
    expect(tiered).toBeInstanceOf(TieredResponseCache);
    expect(tiered.kind).toBe(shared.kind);
    const local = runtimeFor("  cache: true\n  cache_params: { type: memory }\n", { cache: shared }).rt!;
    expect(local.store).not.toBe(shared);
    expect(local.store.kind).toBe("memory");
    expect(local.semantic).toBeUndefined();
  });

  it("falls back to memory with a warning when kv is asked for but nothing is bound (library mode)", () => {
    const { rt, warnings } = runtimeFor("  cache: true\n  cache_params: { type: kv }\n");
    expect(rt!.store.kind).toBe("memory");
    expect(warnings).toEqual([expect.stringContaining("no shared cache store is bound")]);
  });

  it("type semantic gets a vector index; built once per config", () => {
    const { rt, config } = runtimeFor(
      "  cache: true\n  cache_params: { type: semantic, semantic_cache_embedding_model: emb }\n",
    );
    expect(rt!.semantic?.kind).toBe("memory");
    const again = cacheRuntimeOf({ config, state: { spend: new MemorySpendSink() }, now: () => 0, log: console });
    expect(again).toBe(rt);
  });
});

describe("cache admin handlers", () => {
  it("ping: 503 naming the store and its failure when it does not answer", async () => {
    const { rt } = runtimeFor("  cache: true\n");
    const broken: ResponseCache = {
      ...rt!.store,
      kind: "kv",
      ping: async () => Promise.reject(new Error("KV unavailable")),
    };
    const e = await failure(cachePing({ ...rt!, store: broken }));
    expect([e.status, e.code]).toEqual([503, "cache_ping_error"]);
    expect(e.message).toBe("the kv cache store does not respond: KV unavailable");
    expect(await cachePing(rt!)).toMatchObject({ status: "healthy", cache_type: "memory", ping_response: true });
  });

  it("delete and flush act on the configured namespace unless told another", async () => {
    const clock = testClock();
    const { rt } = runtimeFor("  cache: true\n  cache_params: { namespace: prod }\n");
    const key = "9".repeat(64);
    await rt!.store.put({ namespace: "prod", key }, entryAt(clock, "x"), { maxBytes: 1 << 20, scope: "s" });
    await rt!.store.put({ namespace: "dev", key }, entryAt(clock, "y"), { maxBytes: 1 << 20, scope: "s" });
    await cacheDelete(rt!, { keys: [key] });
    expect(await rt!.store.get({ namespace: "prod", key })).toBeUndefined();
    expect(await rt!.store.get({ namespace: "dev", key })).toBeDefined();
    expect(await cacheFlush(rt!, { namespace: "dev" })).toEqual({ status: "success", namespace: "dev", generation: 1 });
    expect(await rt!.store.get({ namespace: "dev", key })).toBeUndefined();
  });

  it("stats need the spend log store; in memory the same aggregate reads records directly", async () => {
    const e = await failure(cacheStats(undefined, {}));
    expect([e.status, e.code]).toEqual([500, "no_db_connection"]);
    const r = (over: Partial<SpendRecord>) =>
      ({
        created_at: Date.parse("2031-01-02T00:00:00Z"),
        key_hash: "k",
        team_id: "t",
        model_group: "m",
        ...over,
      }) as SpendRecord;
    const recs = [
      r({ cache_hit: true, saved_cost_micros: 5 }),
      r({ cache_hit: false }),
      r({}),
      r({ cache_hit: true, team_id: "u" }),
    ];
    const stats = { totals: async (f: Parameters<typeof cacheTotalsOf>[1]) => cacheTotalsOf(recs, f) };
    expect(await cacheStats(stats, { team_id: "t" })).toEqual({
      hits: 1,
      misses: 1,
      hit_rate: 0.5,
      saved_spend: 0.000005,
      saved_cost_micros: 5,
      daily: [{ date: "2031-01-02", hits: 1, misses: 1, hit_rate: 0.5, saved_spend: 0.000005, saved_cost_micros: 5 }],
    });
    expect((await cacheStats(stats, { start_date: "2031-01-03" })).hits).toBe(0);
  });
});
