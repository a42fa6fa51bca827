import { beforeEach, describe, expect, it } from "vitest";
import { type CacheEntry, newEntry } from "../../src/cache/cache-entry.js";
import type { ResponseCache } from "../../src/cache/response-cache.js";

/** A clock the test moves. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function testClock(start = 1_800_000_000_000): TestClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}

export const answer = (text: string) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o",
  choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
});

export function entryAt(clock: TestClock, text: string, ttlMs = 60_000): CacheEntry {
  return newEntry({
    operation: "chat",
    modelGroup: "gpt-4o",
    answer: answer(text),
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    costMicros: 12,
    now: clock.now(),
    ttlMs,
  });
}

const MB = 1024 * 1024;

/**
 * The behaviour every ResponseCache must have, run against each implementation (memory in unit
 * tests, KV in workerd). `make` builds a fresh, empty store on the given clock.
 */
export function responseCacheContract(name: string, make: (clock: TestClock) => Promise<ResponseCache>): void {
  describe(`${name}: the response cache contract`, () => {
    let clock: TestClock;
    let cache: ResponseCache;
    let ns: string;
    let n = 0;
    beforeEach(async () => {
      clock = testClock();
      cache = await make(clock);
      ns = `ns${++n}-${Math.random().toString(36).slice(2, 8)}`; // fresh per test, the KV store is shared
    });
    const at = (key: string, namespace = ns) => ({ namespace, key: key.padEnd(64, "0") });
    const put = (key: string, e: CacheEntry, namespace = ns) =>
      cache.put(at(key, namespace), e, { maxBytes: MB, scope: "team:a" });

    it("a stored entry comes back with its metadata and age; an unknown key misses", async () => {
      expect(await cache.get(at("a1"))).toBeUndefined();
      const e = entryAt(clock, "Paris");
      expect(await put("a1", e)).toEqual({ stored: true });
      clock.advance(4_500);
      const hit = await cache.get(at("a1"));
      expect(hit?.entry).toEqual(e);
      expect(hit?.ageMs).toBe(4_500);
    });

    it("an entry is not served at or past its ttl (on the injected clock)", async () => {
      await put("b1", entryAt(clock, "Paris", 90_000));
      clock.advance(89_999);
      expect(await cache.get(at("b1"))).toBeDefined();
      clock.advance(1);
      expect(await cache.get(at("b1"))).toBeUndefined();
    });

    it("s-maxage: an entry older than the request accepts is not served to it, but still to others", async () => {
      await put("c1", entryAt(clock, "Paris"));
      clock.advance(20_000);
      expect(await cache.get(at("c1"), { maxAgeMs: 10_000 })).toBeUndefined();
      expect((await cache.get(at("c1"), { maxAgeMs: 30_000 }))?.ageMs).toBe(20_000);
      expect(await cache.get(at("c1"))).toBeDefined();
    });

    it("an entry larger than the bound is skipped, not stored", async () => {
      const big = entryAt(clock, "x".repeat(5000));
      expect(await cache.put(at("d1"), big, { maxBytes: 4096, scope: "team:a" })).toEqual({
        stored: false,
        reason: "too_large",
      });
      expect(await cache.get(at("d1"))).toBeUndefined();
      const multiByte = entryAt(clock, "é".repeat(2000)); // 4000 bytes of UTF-8 in 2000 characters
      expect((await cache.put(at("d2"), multiByte, { maxBytes: 4096, scope: "team:a" })).stored).toBe(false);
    });

    it("delete removes the named keys only", async () => {
      await put("e1", entryAt(clock, "one"));
      await put("e2", entryAt(clock, "two"));
      await cache.delete([at("e1"), at("missing")]);
      expect(await cache.get(at("e1"))).toBeUndefined();
      expect(await cache.get(at("e2"))).toBeDefined();
    });

    it("namespaces are separate, and a flush drops one namespace's entries only", async () => {
      const other = `${ns}-other`;
      await put("f1", entryAt(clock, "here"));
      await put("f1", entryAt(clock, "there"), other);
      expect((await cache.get(at("f1")))?.entry.answer).toEqual(answer("here"));
      expect((await cache.get(at("f1", other)))?.entry.answer).toEqual(answer("there"));
      const gen = await cache.flush(ns);
      expect(gen).toBeGreaterThan(0);
      expect(await cache.get(at("f1"))).toBeUndefined();
      expect(await cache.get(at("f1", other))).toBeDefined();
      await put("f1", entryAt(clock, "again"));
      expect((await cache.get(at("f1")))?.entry.answer).toEqual(answer("again"));
      expect(await cache.flush(ns)).toBe(gen + 1);
    });

    it("a caller that changes the answer it got does not change the stored one", async () => {
      await put("g1", entryAt(clock, "Paris"));
      const hit = await cache.get(at("g1"));
      (hit!.entry.answer as ReturnType<typeof answer>).choices[0]!.message.content = "changed";
      expect((await cache.get(at("g1")))?.entry.answer).toEqual(answer("Paris"));
    });

    it("answers a ping", async () => {
      await expect(cache.ping()).resolves.toBeUndefined();
    });
  });
}
