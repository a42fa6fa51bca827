import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { backdate, cacheKv, countingUpstream, entryKey, storedEntry } from "../helpers/cache-workerd.js";
import { eventually, json } from "../helpers/keys.js";

// The response cache in the request path of the built worker, KV on workerd, driven by the
// official openai client; the mock upstream counts the calls that reach it. The isolate's memory
// tier is off here (default_in_memory_ttl: 0) so that every lookup reads KV, which the tests age
// directly; the tier has its own tests (test/unit/cache/tiered-response-cache.test.ts).
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;
const upstream = countingUpstream();

beforeAll(async () => {
  up = await startMockUpstream(upstream.handler);
  gw = await startGateway({
    config: configWith(
      `
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-secret, api_base: ${up.url}/v1, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
  - model_name: embed
    litellm_params: { model: openai/text-embedding-3-small, api_key: sk-upstream-secret, api_base: ${up.url}/v1, input_cost_per_token: 0.000001 }`,
      "litellm_settings:\n  cache: true\n  cache_params: { type: kv, ttl: 600, default_in_memory_ttl: 0 }\n",
    ),
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

let n = 0;
/** A prompt no other test asks. */
const fresh = (extra: Partial<ChatCompletionCreateParamsNonStreaming> & Record<string, unknown> = {}) =>
  ({
    model: "gpt-4o",
    messages: [{ role: "user", content: `question ${++n} of the cache tests` }],
    ...extra,
  }) as ChatCompletionCreateParamsNonStreaming;

async function ask(body: ChatCompletionCreateParamsNonStreaming, headers: Record<string, string> = {}) {
  const { data, response } = await client.chat.completions.create(body, { headers }).withResponse();
  return {
    data,
    content: data.choices[0]!.message.content,
    cache: response.headers.get("x-switchyard-cache"),
    key: response.headers.get("x-switchyard-cache-key")!,
    age: response.headers.get("age"),
  };
}

describe("chat completions served from KV", () => {
  it("a repeated request is answered from KV, never reaching the upstream, with the same content and usage", async () => {
    const body = fresh();
    const first = await ask(body);
    expect(first.cache).toBe("MISS");
    const stored = await storedEntry(gw, first.key);
    expect(stored).toMatchObject({ model_group: "gpt-4o", cost_micros: 140, usage: { total_tokens: 120 } });
    expect(JSON.stringify(await (await cacheKv(gw)).list({ prefix: "cache/" }))).not.toContain("question");
    const calls = upstream.chats();
    const again = await ask(body);
    expect(again).toMatchObject({ cache: "HIT", key: first.key, content: first.content });
    expect(again.data.usage).toEqual(first.data.usage);
    expect(again.age).toMatch(/^\d+$/);
    expect(upstream.chats()).toBe(calls);
  });

  it("a streamed request is recorded and replayed as a stream with the same chunks' text and usage", async () => {
    const body = { ...fresh(), stream: true as const, stream_options: { include_usage: true } };
    const read = async () => {
      const { data: stream, response } = await client.chat.completions.create(body).withResponse();
      let text = "";
      let usage: unknown;
      for await (const c of stream) {
        text += c.choices[0]?.delta.content ?? "";
        if (c.usage) usage = c.usage;
      }
      return {
        text,
        usage,
        cache: response.headers.get("x-switchyard-cache"),
        key: response.headers.get("x-switchyard-cache-key")!,
      };
    };
    const first = await read();
    expect(first.cache).toBe("MISS");
    await storedEntry(gw, first.key);
    const calls = upstream.chats();
    const again = await read();
    expect(again).toEqual({ ...first, cache: "HIT" });
    expect(again.usage).toEqual({ prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 });
    expect(upstream.chats()).toBe(calls);
    // and a JSON request for the same prompt gets the assembled completion
    const json = await ask({ ...fresh(), messages: body.messages });
    expect(json).toMatchObject({ cache: "HIT", content: first.text });
  });

  it("an entry past its expiry is not served: the next request goes upstream", async () => {
    const body = fresh();
    const first = await ask(body);
    await backdate(gw, first.key, 601_000); // older than the 600 s ttl
    const again = await ask(body);
    expect(again.cache).toBe("MISS");
    expect(again.content).not.toBe(first.content);
  });
});

describe("cache controls through the openai client", () => {
  it("Cache-Control: no-cache skips the lookup and stores the fresh answer", async () => {
    const body = fresh();
    const first = await ask(body);
    await storedEntry(gw, first.key);
    const bypass = await ask(body, { "cache-control": "no-cache" });
    expect(bypass.cache).toBe("BYPASS");
    expect(bypass.content).not.toBe(first.content);
    const kv = await cacheKv(gw);
    await eventually(async () => {
      const text = await kv.get(entryKey(first.key));
      return text?.includes(JSON.stringify(bypass.content)) ? true : undefined;
    }, "the fresh answer stored over the old one");
    expect(await ask(body)).toMatchObject({ cache: "HIT", content: bypass.content });
  });

  it("no-store (body or Cache-Control header): the answer is not stored", async () => {
    const body = fresh();
    const first = await ask({ ...body, cache: { "no-store": true } } as ChatCompletionCreateParamsNonStreaming);
    expect(first.cache).toBe("MISS");
    const second = await ask(body);
    expect(second.cache).toBe("MISS");
    expect(second.content).not.toBe(first.content);
    await storedEntry(gw, second.key); // an answer without no-store is stored
    expect(await ask(body)).toMatchObject({ cache: "HIT", content: second.content });

    const viaHeader = fresh();
    const h1 = await ask(viaHeader, { "cache-control": "no-store" });
    expect(h1.cache).toBe("MISS");
    const h2 = await ask(viaHeader);
    expect(h2.cache).toBe("MISS");
    expect(h2.content).not.toBe(h1.content);
  });

  it("ttl sets the entry's lifetime; s-maxage accepts only a younger entry", async () => {
    const body = fresh();
    const first = await ask({ ...body, cache: { ttl: 120 } } as ChatCompletionCreateParamsNonStreaming);
    const stored = await storedEntry(gw, first.key);
    expect(stored.expires_at - stored.created_at).toBe(120_000);
    await backdate(gw, first.key, 60_000);
    expect((await ask(body, { "cache-control": "max-age=300" })).cache).toBe("HIT");
    const tooOld = await ask({ ...body, cache: { "s-maxage": 30 } } as ChatCompletionCreateParamsNonStreaming);
    expect(tooOld.cache).toBe("MISS");
  });

  it("a namespace stores apart from the default one", async () => {
    const body = fresh();
    const first = await ask(body, { "x-switchyard-cache-namespace": "eval-run-7" });
    await storedEntry(gw, first.key, "eval-run-7");
    expect(await (await cacheKv(gw)).get(entryKey(first.key))).toBeNull();
    expect((await ask(body)).cache).toBe("MISS");
    expect((await ask(body, { "x-switchyard-cache-namespace": "eval-run-7" })).content).toBe(first.content);
  });

  it("a malformed or unknown control is a 400 naming it", async () => {
    const bad = await gw.call("/v1/chat/completions", { body: { ...fresh(), cache: { "no-kache": true } } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ param: "cache.no-kache", code: "invalid_cache_control" });
  });
});

describe("answers that are never stored", () => {
  it("a 429, a failed and a cut stream leave nothing: the same request afterwards goes upstream", async () => {
    const body = fresh({ num_retries: 0 } as Record<string, unknown>);
    up.handle((_req, res) => sendJson(res, 429, { error: { message: "slow down", type: "rate_limit_error" } }));
    await expect(ask(body)).rejects.toMatchObject({ status: 429 });
    up.handle((_req, res) => sendJson(res, 500, { error: { message: "boom" } }));
    await expect(ask(body)).rejects.toMatchObject({ status: 500 });
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const c = { id: "x", object: "chat.completion.chunk", created: 1, model: "gpt-4o" };
      res.write(
        `data: ${JSON.stringify({ ...c, choices: [{ index: 0, delta: { content: "half" }, finish_reason: null }] })}\n\n`,
      );
      setTimeout(() => res.destroy(), 20);
    });
    const cut = await client.chat.completions.create({ ...body, stream: true });
    await expect(
      (async () => {
        for await (const _ of cut);
      })(),
    ).rejects.toThrow();
    up.handle(upstream.handler);
    const calls = upstream.chats();
    const after = await ask(body);
    expect(after.cache).toBe("MISS");
    expect(upstream.chats()).toBe(calls + 1);
  });
});

describe("embeddings", () => {
  it("are cached per input: a batch sends only the unseen inputs upstream", async () => {
    const ns = { headers: { "x-switchyard-cache-namespace": "embeddings-test" } };
    const first = await client.embeddings
      .create({ model: "embed", input: ["alpha text", "beta text"] }, ns)
      .withResponse();
    expect(first.response.headers.get("x-switchyard-cache-inputs")).toBe("0/2");
    const kv = await cacheKv(gw);
    await eventually(
      async () => ((await kv.list({ prefix: "cache/embeddings-test/0/" })).keys.length === 2 ? true : undefined),
      "both inputs stored",
    );
    const second = await client.embeddings
      .create({ model: "embed", input: ["beta text", "gamma text"] }, ns)
      .withResponse();
    expect(second.response.headers.get("x-switchyard-cache-inputs")).toBe("1/2");
    expect(second.data.data.map((d) => d.index)).toEqual([0, 1]);
    const sent = up.requests
      .filter((r) => r.path.endsWith("/embeddings"))
      .at(-1)!
      .json() as { input: string[] };
    expect(sent.input).toEqual(["gamma text"]);
  });
});
