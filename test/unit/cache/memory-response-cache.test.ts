import { describe, expect, it } from "vitest";
import { MemoryResponseCache } from "../../../src/cache/memory-response-cache.js";
import { entryAt, responseCacheContract, testClock } from "../../helpers/response-cache-contract.js";

responseCacheContract(
  "memory store",
  async (clock) => new MemoryResponseCache({ now: clock.now, maxEntriesPerScope: 100 }),
);

describe("memory store bounds", () => {
  const at = (k: string) => ({ namespace: "default", key: k });
  const put = (c: MemoryResponseCache, k: string, scope: string, clock = testClock()) =>
    c.put(at(k), entryAt(clock, k), { maxBytes: 1 << 20, scope });

  it("keeps at most max entries per scope, dropping that scope's oldest: one tenant cannot push out another's", async () => {
    const c = new MemoryResponseCache({ now: testClock().now, maxEntriesPerScope: 2 });
    await put(c, "b-1", "team:b");
    await put(c, "a-1", "team:a");
    await put(c, "a-2", "team:a");
    await put(c, "a-3", "team:a");
    expect(await c.get(at("a-1"))).toBeUndefined();
    expect(await c.get(at("a-2"))).toBeDefined();
    expect(await c.get(at("a-3"))).toBeDefined();
    expect(await c.get(at("b-1"))).toBeDefined();
    expect(c.size).toBe(3);
  });

  it("keeps at most max entries in all, dropping the oldest stored", async () => {
    const c = new MemoryResponseCache({ now: testClock().now, maxEntriesPerScope: 10, maxEntries: 2 });
    await put(c, "x", "s1");
    await put(c, "y", "s2");
    await put(c, "z", "s3");
    expect(await c.get(at("x"))).toBeUndefined();
    expect(c.size).toBe(2);
  });

  it("drops an expired entry when it is read", async () => {
    const clock = testClock();
    const c = new MemoryResponseCache({ now: clock.now, maxEntriesPerScope: 10 });
    await c.put(at("old"), entryAt(clock, "old", 1000), { maxBytes: 1 << 20, scope: "s" });
    clock.advance(1000);
    expect(await c.get(at("old"))).toBeUndefined();
    expect(c.size).toBe(0);
  });
});
