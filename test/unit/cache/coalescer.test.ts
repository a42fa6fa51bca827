import { describe, expect, it } from "vitest";
import { Coalescer, coalesce } from "../../../src/cache/coalescer.js";

/** Timers on a clock the test moves: nothing fires until advance() passes its time. */
function manualTimers() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimer: (fn: () => void, ms: number) => {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        timers.delete(id);
        t.fn();
      }
    },
    pending: () => timers.size,
  };
}

/** A promise the test resolves or rejects by hand (an upstream call in flight). */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("request coalescing", () => {
  it("identical requests that arrive together share the first one's upstream call", async () => {
    const timers = manualTimers();
    const c = new Coalescer<string>({ maxWaitMs: 60_000, ...timers });
    const upstream = deferred<string>();
    let calls = 0;
    const call = () => {
      calls++;
      return upstream.promise;
    };
    const results = Promise.all([coalesce(c, "k", call), coalesce(c, "k", call), coalesce(c, "k", call)]);
    await flush();
    expect(calls).toBe(1);
    upstream.resolve("Paris");
    expect(await results).toEqual([
      { value: "Paris", shared: false },
      { value: "Paris", shared: true },
      { value: "Paris", shared: true },
    ]);
    expect(c.size).toBe(0);
    expect(timers.pending()).toBe(0); // the followers' wait timers were cleared
  });

  it("different keys do not wait for each other", async () => {
    const c = new Coalescer<string>({ maxWaitMs: 60_000, ...manualTimers() });
    let calls = 0;
    const call = async () => `answer ${++calls}`;
    const [a, b] = await Promise.all([coalesce(c, "k1", call), coalesce(c, "k2", call)]);
    expect(calls).toBe(2);
    expect([a.shared, b.shared]).toEqual([false, false]);
  });

  it("a leader failure releases the followers to call on their own", async () => {
    const c = new Coalescer<string>({ maxWaitMs: 60_000, ...manualTimers() });
    const first = deferred<string>();
    let calls = 0;
    const call = () => (++calls === 1 ? first.promise : Promise.resolve(`own ${calls}`));
    const leader = coalesce(c, "k", call);
    const followers = Promise.all([coalesce(c, "k", call), coalesce(c, "k", call)]);
    await flush();
    first.reject(new Error("upstream 500"));
    await expect(leader).rejects.toThrow("upstream 500");
    const got = await followers;
    expect(calls).toBe(3);
    expect(got.map((g) => g.shared)).toEqual([false, false]);
    expect(got.map((g) => g.value).sort()).toEqual(["own 2", "own 3"]);
  });

  it("an answer that may not be shared (e.g. cut at max tokens) releases the followers too", async () => {
    const c = new Coalescer<string>({ maxWaitMs: 60_000, ...manualTimers() });
    const first = deferred<string>();
    let calls = 0;
    const call = () => (++calls === 1 ? first.promise : Promise.resolve("complete"));
    const shareable = (v: string) => v !== "truncated";
    const both = Promise.all([coalesce(c, "k", call, shareable), coalesce(c, "k", call, shareable)]);
    await flush();
    first.resolve("truncated");
    expect((await both).map((r) => r.value)).toEqual(["truncated", "complete"]);
  });

  it("a follower stops waiting after maxWaitMs (on the injected clock) and calls on its own; the leader is unaffected", async () => {
    const timers = manualTimers();
    const c = new Coalescer<string>({ maxWaitMs: 5_000, ...timers });
    const slow = deferred<string>();
    let calls = 0;
    const call = () => (++calls === 1 ? slow.promise : Promise.resolve("own"));
    const leader = coalesce(c, "k", call);
    const follower = coalesce(c, "k", call);
    await flush();
    timers.advance(4_999);
    await flush();
    expect(calls).toBe(1);
    timers.advance(1);
    expect(await follower).toEqual({ value: "own", shared: false });
    slow.resolve("slow answer");
    expect(await leader).toEqual({ value: "slow answer", shared: false });
  });

  it("a stream leader shares later: join() leads, share() answers the followers that joined meanwhile", async () => {
    const c = new Coalescer<{ text: string }>({ maxWaitMs: 60_000, ...manualTimers() });
    const lead = c.join("k");
    const follow = c.join("k");
    expect(lead.role).toBe("leader");
    expect(follow.role).toBe("follower");
    if (lead.role !== "leader" || follow.role !== "follower") return;
    lead.share({ text: "recorded from the stream" });
    expect(await follow.answer).toEqual({ text: "recorded from the stream" });
    expect(c.join("k").role).toBe("leader"); // the key is free again
  });
});
