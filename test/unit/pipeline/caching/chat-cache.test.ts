import { describe, expect, it } from "vitest";
import {
  type ChatBody,
  cacheLibraryGateway,
  completionJson,
  completionSse,
  contentOf,
  readChatSse,
} from "../../../helpers/cache-library.js";

// The response cache in the request spine, in library mode (memory store) on an injected clock.
const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content }],
  ...extra,
});

describe("chat completions through the cache", () => {
  it("answers a repeated request from the cache: same body, no upstream call, HIT headers, a spend record with the saved cost", async () => {
    const gw = cacheLibraryGateway({});
    gw.reply(() => completionJson("Paris"));
    const first = await gw.post("/v1/chat/completions", ask("Capital of France?"));
    expect(first.headers.get("x-switchyard-cache")).toBe("MISS");
    const firstBody = await first.json();
    await gw.settle();
    gw.clock.advance(42_000);
    const second = await gw.post(
      "/v1/chat/completions",
      ask("Capital of France?", { user: "u-2", metadata: { a: 1 } }),
    );
    expect(second.status).toBe(200);
    expect(second.headers.get("x-switchyard-cache")).toBe("HIT");
    expect(second.headers.get("x-switchyard-cache-key")).toBe(first.headers.get("x-switchyard-cache-key"));
    expect(second.headers.get("x-switchyard-cache-key")).toMatch(/^[0-9a-f]{64}$/);
    expect(second.headers.get("age")).toBe("42");
    expect(second.headers.get("x-litellm-cache-key")).toBe(second.headers.get("x-switchyard-cache-key"));
    expect(second.headers.get("x-litellm-model-group")).toBe("gpt-4o");
    expect(second.headers.get("x-switchyard-response-cost")).toBe("0");
    expect(await second.json()).toEqual(firstBody);
    expect(gw.calls).toHaveLength(1);
    await gw.settle();
    const [miss, hit] = gw.spend();
    expect(miss).toMatchObject({ cache_hit: false, status: 200 });
    expect(miss!.cost_micros).toBeGreaterThan(0);
    expect(hit).toMatchObject({
      cache_hit: true,
      cost_micros: 0,
      saved_cost_micros: miss!.cost_micros,
      model_group: "gpt-4o",
      prompt_tokens: 100,
      completion_tokens: 20,
    });
  });

  it("keys on what changes the answer: another prompt or temperature misses", async () => {
    const gw = cacheLibraryGateway({});
    gw.reply((_c, n) => completionJson(`answer ${n}`));
    await gw.post("/v1/chat/completions", ask("A"));
    await gw.settle();
    const other = await gw.post("/v1/chat/completions", ask("B"));
    const warmer = await gw.post("/v1/chat/completions", ask("A", { temperature: 0.9 }));
    expect([other.headers.get("x-switchyard-cache"), warmer.headers.get("x-switchyard-cache")]).toEqual([
      "MISS",
      "MISS",
    ]);
    expect(gw.calls).toHaveLength(3);
  });

  it("expires an entry after its ttl on the gateway's clock", async () => {
    const gw = cacheLibraryGateway({ cacheParams: { ttl: 60 } });
    gw.reply((_c, n) => completionJson(`answer ${n}`));
    await gw.post("/v1/chat/completions", ask("Q"));
    await gw.settle();
    gw.clock.advance(59_000);
    expect((await gw.post("/v1/chat/completions", ask("Q"))).headers.get("x-switchyard-cache")).toBe("HIT");
    gw.clock.advance(1_000);
    const late = await gw.post("/v1/chat/completions", ask("Q"));
    expect(late.headers.get("x-switchyard-cache")).toBe("MISS");
    expect(await contentOf(late)).toBe("answer 2");
  });

  it("never stores a failed, rate-limited, cut or truncated answer", async () => {
    const gw = cacheLibraryGateway({});
    const replies = [
      () => Response.json({ error: { message: "slow down", type: "rate_limit_error" } }, { status: 429 }),
      () => Response.json({ error: { message: "boom" } }, { status: 500 }),
      () => completionJson("cut at max tokens", "length"),
    ];
    for (const r of replies) {
      gw.reply(r);
      await gw.post("/v1/chat/completions", ask("Q", { num_retries: 0 }));
      await gw.settle();
    }
    gw.reply(() => completionSse(["half", " an"], { finish: null, usage: false, done: false }));
    const cut = await gw.post("/v1/chat/completions", ask("Q", { stream: true, num_retries: 0 }));
    await cut.text();
    await gw.settle();
    const before = gw.calls.length;
    gw.reply(() => completionJson("fresh"));
    const res = await gw.post("/v1/chat/completions", ask("Q"));
    expect(res.headers.get("x-switchyard-cache")).toBe("MISS");
    expect(gw.calls.length).toBe(before + 1);
  });

  it("stores a truncated answer when cache_truncated_responses is on", async () => {
    const gw = cacheLibraryGateway({ cacheParams: { cache_truncated_responses: true } });
    gw.reply(() => completionJson("cut", "length"));
    await gw.post("/v1/chat/completions", ask("Q"));
    await gw.settle();
    expect((await gw.post("/v1/chat/completions", ask("Q"))).headers.get("x-switchyard-cache")).toBe("HIT");
  });
});

describe("streams through the cache", () => {
  it("records a streamed miss as it passes and replays it to streamed and JSON requests", async () => {
    const gw = cacheLibraryGateway({});
    gw.reply(() => completionSse(["Hel", "lo", "!"]));
    const first = await gw.post("/v1/chat/completions", ask("Hi", { stream: true }));
    expect(first.headers.get("x-switchyard-cache")).toBe("MISS");
    expect((await readChatSse(first)).text).toBe("Hello!");
    await gw.settle();

    const replay = await gw.post(
      "/v1/chat/completions",
      ask("Hi", { stream: true, stream_options: { include_usage: true } }),
    );
    expect(replay.headers.get("x-switchyard-cache")).toBe("HIT");
    expect(replay.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const sse = await readChatSse(replay);
    expect(sse).toMatchObject({ text: "Hello!", done: true, usage: { prompt_tokens: 50, completion_tokens: 3 } });

    const json = await gw.post("/v1/chat/completions", ask("Hi"));
    expect(json.headers.get("x-switchyard-cache")).toBe("HIT");
    expect(((await json.json()) as ChatBody).choices[0]).toMatchObject({
      message: { content: "Hello!" },
      finish_reason: "stop",
    });
    expect(gw.calls).toHaveLength(1);
  });
});

describe("coalescing", () => {
  it("identical requests in flight together share one upstream call", async () => {
    const gw = cacheLibraryGateway({});
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    gw.reply(async () => {
      await gate;
      return completionJson("shared");
    });
    const all = Promise.all([1, 2, 3].map(() => gw.post("/v1/chat/completions", ask("same"))));
    await gw.lookups(3); // all three looked up and missed while the first is upstream
    release();
    const answers = await all;
    expect(gw.calls).toHaveLength(1);
    expect(answers.map((a) => a.headers.get("x-switchyard-cache"))).toEqual(["MISS", "HIT", "HIT"]);
    for (const a of answers) expect(await contentOf(a)).toBe("shared");
  });

  it("a leader that fails lets the others call upstream on their own", async () => {
    const gw = cacheLibraryGateway({});
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    gw.reply(async (_c, n) => {
      if (n === 1) {
        await gate;
        return Response.json({ error: { message: "boom" } }, { status: 400 });
      }
      return completionJson("own");
    });
    const both = Promise.all([gw.post("/v1/chat/completions", ask("x")), gw.post("/v1/chat/completions", ask("x"))]);
    await gw.lookups(2);
    release();
    // Whichever became the leader gets its failure; the other calls upstream on its own.
    const answers = await both;
    const failed = answers.find((r) => r.status === 400);
    const own = answers.find((r) => r.status === 200);
    expect(failed).toBeDefined();
    expect(own).toBeDefined();
    expect(await contentOf(own!)).toBe("own");
    expect(gw.calls).toHaveLength(2);
  });
});
