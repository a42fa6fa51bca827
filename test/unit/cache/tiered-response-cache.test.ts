import { describe, expect, it } from "vitest";
import { MemoryResponseCache } from "../../../src/cache/memory-response-cache.js";
import type { CacheAddress } from "../../../src/cache/response-cache.js";
import { TieredResponseCache } from "../../../src/cache/tiered-response-cache.js";
import {
  answer,
  entryAt,
  responseCacheContract,
  testClock,
  type TestClock,
} from "../../helpers/response-cache-contract.js";

/** A shared store that counts its reads. */
class CountedStore extends MemoryResponseCache {
  reads = 0;
  override get(at: CacheAddress, opts?: { maxAgeMs?: number }) {
    this.reads++;
    return super.get(at, opts);
  }
}

const PUT = { maxBytes: 1 << 20, scope: "team:a" };
const at = { namespace: "default", key: "k".repeat(64) };

function tiered(clock: TestClock, memoryTtlMs = 30_000) {
  const shared = new CountedStore({ now: clock.now, maxEntriesPerScope: 100 });
  return { shared, cache: new TieredResponseCache(shared, { now: clock.now, memoryTtlMs }) };
}

responseCacheContract("memory in front of a shared store", async (clock) => tiered(clock).cache);

describe("the isolate's memory in front of KV", () => {
  it("answers repeated lookups from memory: the shared store is read once", async () => {
    const clock = testClock();
    const { shared, cache } = tiered(clock);
    await shared.put(at, entryAt(clock, "Paris", 600_000), PUT);
    for (let i = 0; i < 3; i++) expect((await cache.get(at))?.entry.answer).toEqual(answer("Paris"));
    expect(shared.reads).toBe(1);
  });

  it("keeps an entry no longer than its memory ttl: a delete made elsewhere is seen after it", async () => {
    const clock = testClock();
    const { shared, cache } = tiered(clock, 30_000);
    await cache.put(at, entryAt(clock, "Paris", 600_000), PUT);
    await shared.delete([at]); // another isolate's /cache/delete
    clock.advance(29_000);
    expect(await cache.get(at)).toBeDefined();
    clock.advance(1_000);
    expect(await cache.get(at)).toBeUndefined();
  });

  it("never serves an entry past its own expiry, and reads large answers from the shared store each time", async () => {
    const clock = testClock();
    const { shared, cache } = tiered(clock, 30_000);
    await cache.put(at, entryAt(clock, "short", 5_000), PUT);
    clock.advance(5_000);
    expect(await cache.get(at)).toBeUndefined();

    const big = { namespace: "default", key: "b".repeat(64) };
    await cache.put(big, entryAt(clock, "x".repeat(40_000), 600_000), PUT);
    const before = shared.reads;
    await cache.get(big);
    await cache.get(big);
    expect(shared.reads - before).toBe(2);
  });
});
