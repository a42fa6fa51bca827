import { describe, expect, it } from "vitest";
import type { SpendRecord } from "../../../src/state/spend-record.js";
import { createGateway } from "../../../src/index.js";
import type { MemorySpendSink } from "../../../src/state/memory/spend-sink.js";

const MASTER = "sk-library-master-123";

describe("the cache in library mode", () => {
  const gw = createGateway({
    config: { model_list: [], litellm_settings: { cache: true }, general_settings: { master_key: MASTER } },
    env: {},
  });
  const call = (path: string, init: RequestInit = {}) =>
    gw.fetch(
      new Request(`http://gateway${path}`, {
        ...init,
        headers: { authorization: `Bearer ${MASTER}`, "content-type": "application/json" },
      }),
    );

  it("is a memory store that answers the admin routes", async () => {
    const ping = await call("/cache/ping");
    expect(ping.status).toBe(200);
    expect(await ping.json()).toMatchObject({ status: "healthy", cache_type: "memory", store: "memory" });
    const flush = await call("/cache/flush", { method: "POST", body: "{}" });
    expect(await flush.json()).toEqual({ status: "success", namespace: "default", generation: 1 });
  });

  it("reports hits, misses and saved spend from the in-memory spend records", async () => {
    const sink = gw.deps.state.spend as MemorySpendSink;
    const rec = (over: Partial<SpendRecord>) =>
      ({ created_at: Date.parse("2031-05-06T00:00:00Z"), ...over }) as SpendRecord;
    sink.records.push(rec({ cache_hit: true, saved_cost_micros: 300 }), rec({ cache_hit: false }), rec({}));
    const res = await call("/cache/stats");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ hits: 1, misses: 1, hit_rate: 0.5, saved_cost_micros: 300 });
  });
});
