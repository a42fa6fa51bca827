import { describe, expect, it } from "vitest";
import { type ChatBody, cacheLibraryGateway, completionJson } from "../../../helpers/cache-library.js";

// Every per-request control, as LiteLLM's body field and as headers, on the injected clock.
const ask = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "What is 2+2?" }],
  ...extra,
});

/** A gateway whose upstream answers "answer N" for its Nth call. */
function numbered(cacheParams: Record<string, unknown> = {}) {
  const gw = cacheLibraryGateway({ cacheParams });
  gw.reply((_c, n) => completionJson(`answer ${n}`));
  const chat = async (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await gw.post("/v1/chat/completions", ask(extra), headers);
    const body = (await res.json()) as ChatBody;
    await gw.settle();
    return {
      status: res.status,
      cache: res.headers.get("x-switchyard-cache"),
      content: body.choices?.[0]?.message.content,
      body,
    };
  };
  return { gw, chat };
}

describe("cache controls", () => {
  it("no-cache skips the lookup (BYPASS) but stores the fresh answer", async () => {
    for (const [extra, headers] of [
      [{ cache: { "no-cache": true } }, {}],
      [{}, { "cache-control": "no-cache" }],
    ] as const) {
      const { chat } = numbered();
      await chat();
      expect(await chat(extra, headers)).toMatchObject({ cache: "BYPASS", content: "answer 2" });
      expect(await chat()).toMatchObject({ cache: "HIT", content: "answer 2" });
    }
  });

  it("no-store answers from the cache when it can, but never stores", async () => {
    for (const [extra, headers] of [
      [{ cache: { "no-store": true } }, {}],
      [{}, { "cache-control": "no-store" }],
    ] as const) {
      const { chat } = numbered();
      expect(await chat(extra, headers)).toMatchObject({ cache: "MISS", content: "answer 1" });
      expect(await chat()).toMatchObject({ cache: "MISS", content: "answer 2" });
      expect(await chat(extra, headers)).toMatchObject({ cache: "HIT", content: "answer 2" });
    }
  });

  it("ttl sets this entry's lifetime", async () => {
    const { gw, chat } = numbered({ ttl: 3600 });
    await chat({ cache: { ttl: 10 } });
    gw.clock.advance(9_000);
    expect(await chat()).toMatchObject({ cache: "HIT", content: "answer 1" });
    gw.clock.advance(1_000);
    expect(await chat()).toMatchObject({ cache: "MISS", content: "answer 2" });
  });

  it("s-maxage (Cache-Control max-age) accepts only a younger entry, and leaves the entry in place", async () => {
    const { gw, chat } = numbered();
    await chat();
    gw.clock.advance(30_000);
    expect(await chat({ cache: { "s-maxage": 60 } })).toMatchObject({ cache: "HIT", content: "answer 1" });
    expect(await chat({}, { "cache-control": "max-age=20" })).toMatchObject({ cache: "MISS", content: "answer 2" });
    expect(await chat({ cache: { "s-maxage": 10 } })).toMatchObject({ cache: "HIT", content: "answer 2" });
  });

  it("a namespace keeps its own entries", async () => {
    const { chat } = numbered();
    await chat();
    expect(await chat({ cache: { namespace: "eval" } })).toMatchObject({ cache: "MISS", content: "answer 2" });
    expect(await chat({}, { "x-switchyard-cache-namespace": "eval" })).toMatchObject({
      cache: "HIT",
      content: "answer 2",
    });
    expect(await chat()).toMatchObject({ cache: "HIT", content: "answer 1" });
  });

  it("under mode default_off only a request that opts in uses the cache", async () => {
    const { chat } = numbered({ mode: "default_off" });
    await chat();
    expect(await chat()).toMatchObject({ cache: "BYPASS", content: "answer 2" });
    expect(await chat({ cache: { "use-cache": true } })).toMatchObject({ cache: "MISS", content: "answer 3" });
    expect(await chat({ cache: { "use-cache": true } })).toMatchObject({ cache: "HIT", content: "answer 3" });
  });

  it("a malformed control is a 400 naming it, before anything reaches the upstream", async () => {
    const { gw, chat } = numbered();
    const bad = await chat({ cache: { "no-cache": "yes" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ param: "cache.no-cache", code: "invalid_cache_control" });
    const header = await chat({}, { "cache-control": "max-age=soon" });
    expect(header.status).toBe(400);
    expect(header.body.error?.message).toMatch(/Cache-Control max-age/);
    expect(gw.calls).toHaveLength(0);
  });

  it("an operation left out of supported_call_types is not cached and has no cache headers", async () => {
    const { chat } = numbered({ supported_call_types: ["aembedding"] });
    await chat();
    expect(await chat()).toMatchObject({ cache: null, content: "answer 2" });
  });
});
