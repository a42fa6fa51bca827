import type { ServerResponse } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateAnthropicStream } from "../helpers/anthropic-stream-grammar.js";
import { countingUpstream, storedEntry } from "../helpers/cache-workerd.js";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { admin, eventually, newKey } from "../helpers/keys.js";
import {
  type MockUpstream,
  type RecordedRequest,
  sendJson,
  sendSse,
  startMockUpstream,
} from "../helpers/mock-upstream.js";
import { expectValidResponseStream } from "../helpers/responses-event-grammar.js";

// The response cache on legacy text completions, Anthropic's Messages API and the Responses API (stateless
// requests), in the built worker on workerd with KV, driven by the official clients. The mock upstream counts
// the calls that reach it: legacy completions natively (an OpenAI instruct model), Messages and Responses
// translated through a chat-only deployment.
let up: MockUpstream;
let gw: TestGateway;
let off: TestGateway;
const chats = countingUpstream();
let completions = 0;
const calls = () => completions + chats.chats();

function legacyUpstream(req: RecordedRequest, res: ServerResponse) {
  if (!req.path.endsWith("/completions") || req.path.endsWith("/chat/completions")) return chats.handler(req, res);
  completions++;
  const body = req.json() as { stream?: boolean; stream_options?: { include_usage?: boolean } };
  const head = { id: `cmpl-${completions}`, object: "text_completion", created: 1_900_000_000, model: "instruct-1" };
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  if (!body.stream)
    return sendJson(res, 200, {
      ...head,
      choices: [{ text: `completion ${completions}`, index: 0, logprobs: null, finish_reason: "stop" }],
      usage,
    });
  const choice = (text: string, finish_reason: string | null) => ({ text, index: 0, logprobs: null, finish_reason });
  sendSse(res, [
    { ...head, choices: [choice("completion", null)] },
    { ...head, choices: [choice(` ${completions}`, null)] },
    { ...head, choices: [choice("", "stop")] },
    ...(body.stream_options?.include_usage ? [{ ...head, choices: [], usage }] : []),
    "data: [DONE]\n\n",
  ]);
}

const MODELS = (url: string) => `
  - model_name: instruct
    litellm_params: { model: openai/gpt-3.5-turbo-instruct, api_key: sk-upstream-secret, api_base: ${url}/v1, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
  - model_name: vllm
    litellm_params: { model: hosted_vllm/llama-3, api_key: sk-upstream-secret, api_base: ${url}/v1, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }`;

beforeAll(async () => {
  up = await startMockUpstream(legacyUpstream);
  gw = await startGateway({
    config: configWith(
      MODELS(up.url),
      "litellm_settings:\n  cache: true\n  cache_params: { type: kv, ttl: 600, default_in_memory_ttl: 0 }\n",
    ),
  });
  off = await startGateway({
    config: configWith(
      MODELS(up.url),
      "litellm_settings:\n  cache: true\n  cache_params: { type: kv, supported_call_types: [acompletion, aembedding] }\n",
    ),
  });
});
afterAll(async () => {
  await gw?.stop();
  await off?.stop();
  await up?.close();
});

let n = 0;
const prompt = (what: string) => `${what} ${++n} of the cache tests`;
const openai = (g: TestGateway, key = MASTER_KEY) => new OpenAI({ apiKey: key, baseURL: `${g.url}/v1`, maxRetries: 0 });
const anthropic = (g: TestGateway, key = MASTER_KEY) => new Anthropic({ apiKey: key, baseURL: g.url, maxRetries: 0 });
const cacheHeaders = (r: Response) => ({
  cache: r.headers.get("x-switchyard-cache"),
  key: r.headers.get("x-switchyard-cache-key") ?? "",
});

/** A repeated request: the first goes upstream, the second is answered without reaching it. */
async function repeated<T extends { cache: string | null; key: string }>(ask: () => Promise<T>) {
  const first = await ask();
  expect(first.cache).toBe("MISS");
  await storedEntry(gw, first.key);
  const before = calls();
  const again = await ask();
  expect(calls()).toBe(before);
  return { first, again };
}

describe("legacy text completions", () => {
  const ask = async (body: OpenAI.CompletionCreateParamsNonStreaming, g = gw, key?: string) => {
    const { data, response } = await openai(g, key).completions.create(body).withResponse();
    return { text: data.choices[0]!.text, usage: data.usage, object: data.object, ...cacheHeaders(response) };
  };

  it("a repeated request is a hit with the same text_completion and usage, never reaching the upstream", async () => {
    const body = { model: "instruct", prompt: prompt("complete"), max_tokens: 16 };
    const { first, again } = await repeated(() => ask(body));
    expect(again).toEqual({ ...first, cache: "HIT" });
    expect(again).toMatchObject({ object: "text_completion", usage: { total_tokens: 15 } });
    // a field of the operation's own (echo, suffix, best_of, ...) is in the key
    expect((await ask({ ...body, suffix: "." })).cache).toBe("MISS");
  });

  it("a streamed request is recorded and replayed as text_completion chunks with the same text and usage", async () => {
    const body = {
      model: "instruct",
      prompt: prompt("stream"),
      max_tokens: 16,
      stream: true as const,
      stream_options: { include_usage: true },
    };
    const read = async () => {
      const { data: stream, response } = await openai(gw).completions.create(body).withResponse();
      let text = "";
      let usage: unknown;
      const objects = new Set<string>();
      for await (const c of stream) {
        objects.add(c.object);
        text += c.choices[0]?.text ?? "";
        if (c.usage) usage = c.usage;
      }
      return { text, usage, objects: [...objects], ...cacheHeaders(response) };
    };
    const { first, again } = await repeated(read);
    expect(first.text).toMatch(/^completion \d+$/);
    expect(again).toEqual({ ...first, cache: "HIT" });
    expect(again.usage).toEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
    expect(again.objects).toEqual(["text_completion"]);
    // the JSON form of the same request is answered from the stream's entry
    const { stream: _s, stream_options: _o, ...json } = body;
    expect(await ask(json)).toMatchObject({ cache: "HIT", text: first.text });
  });
});

describe("Anthropic Messages", () => {
  const body = (content: string): Anthropic.MessageCreateParamsNonStreaming => ({
    model: "vllm",
    max_tokens: 64,
    messages: [{ role: "user", content }],
  });
  const ask = async (b: Anthropic.MessageCreateParamsNonStreaming, g = gw, key?: string) => {
    const { data, response } = await anthropic(g, key).messages.create(b).withResponse();
    const text = data.content.map((c) => (c.type === "text" ? c.text : "")).join("");
    return { text, usage: data.usage, stop: data.stop_reason, ...cacheHeaders(response) };
  };

  it("a repeated request is a hit with the same Message and usage, never reaching the upstream", async () => {
    const b = body(prompt("message"));
    const { first, again } = await repeated(() => ask(b));
    expect(again).toEqual({ ...first, cache: "HIT" });
    expect(again).toMatchObject({ stop: "end_turn", usage: { input_tokens: 100, output_tokens: 20 } });
    expect((await ask({ ...b, system: "Answer in French." })).cache).toBe("MISS");
  });

  it("a streamed request is replayed as Anthropic's event stream, which the SDK assembles into the same Message", async () => {
    const b = body(prompt("message stream"));
    const read = async () => {
      const s = anthropic(gw).messages.stream(b);
      const { response } = await s.withResponse();
      const m = await s.finalMessage();
      const text = m.content.map((c) => (c.type === "text" ? c.text : "")).join("");
      return { text, usage: m.usage, stop: m.stop_reason, ...cacheHeaders(response) };
    };
    const { first, again } = await repeated(read);
    expect(first.text).toMatch(/^answer \d+$/);
    expect(again).toEqual({ ...first, cache: "HIT" });
    // the raw replay keeps Anthropic's event grammar
    const raw = await gw.call("/v1/messages", {
      body: { ...b, stream: true },
      headers: { "anthropic-version": "2023-06-01" },
    });
    expect(raw.headers.get("x-switchyard-cache")).toBe("HIT");
    const assembled = validateAnthropicStream(await raw.text());
    expect(JSON.stringify(assembled)).toContain(first.text);
    // and the JSON form of the same request is answered from the stream's entry
    expect(await ask(b)).toMatchObject({ cache: "HIT", text: first.text });
  });
});

describe("the Responses API (stateless requests)", () => {
  const body = (input: string) => ({ model: "vllm", input, store: false as const });
  const ask = async (b: OpenAI.Responses.ResponseCreateParamsNonStreaming, g = gw, key?: string) => {
    const { data, response } = await openai(g, key).responses.create(b).withResponse();
    return { id: data.id, text: data.output_text, usage: data.usage, status: data.status, ...cacheHeaders(response) };
  };

  it("a repeated stateless request is a hit under a fresh response id, with the same output and usage", async () => {
    const b = body(prompt("response"));
    const { first, again } = await repeated(() => ask(b));
    expect(again).toEqual({ ...first, id: again.id, cache: "HIT" });
    expect(again.id).not.toBe(first.id);
    expect(again.id.slice(0, 5)).toBe(first.id.slice(0, 5)); // the gateway's own response id form
    expect(again).toMatchObject({ status: "completed", usage: { input_tokens: 100, output_tokens: 20 } });
    expect((await ask({ ...b, instructions: "Be brief." })).cache).toBe("MISS");
  });

  it("a streamed request is replayed as the Responses event stream (numbered, valid), with a fresh id", async () => {
    const b = { ...body(prompt("response stream")), stream: true as const };
    const read = async () => {
      const { data: stream, response } = await openai(gw).responses.create(b).withResponse();
      const events: Array<{ type: string }> = [];
      for await (const ev of stream) events.push(ev);
      const done = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
      return {
        events,
        id: done.response.id,
        text: done.response.output_text,
        usage: done.response.usage,
        ...cacheHeaders(response),
      };
    };
    const { first, again } = await repeated(read);
    expectValidResponseStream(again.events);
    // the same events, the text in one delta instead of the upstream's pieces
    const types = (evs: Array<{ type: string }>) => evs.map((e) => e.type).filter((t, i, a) => t !== a[i - 1]);
    expect(types(again.events)).toEqual(types(first.events));
    expect(again).toMatchObject({ cache: "HIT", text: first.text, usage: first.usage });
    expect(again.id).not.toBe(first.id);
    expect(again.events[0]).toMatchObject({ sequence_number: 0, response: { id: again.id } });
  });

  it("a stored request (store is true by default), or one that continues a response, is never cached", async () => {
    const input = prompt("stateful");
    const before = calls();
    const stored = () => openai(gw).responses.create({ model: "vllm", input }).withResponse();
    const firstStored = await stored();
    expect(firstStored.response.headers.get("x-switchyard-cache")).toBeNull();
    expect((await stored()).response.headers.get("x-switchyard-cache")).toBeNull();
    const previous = firstStored.data.id;
    const continued = async () =>
      (
        await openai(gw)
          .responses.create({ model: "vllm", input: "and then?", store: false, previous_response_id: previous })
          .withResponse()
      ).response;
    expect((await continued()).headers.get("x-switchyard-cache")).toBeNull();
    expect((await continued()).headers.get("x-switchyard-cache")).toBeNull();
    expect(calls()).toBe(before + 4);
  });
});

describe("scoping and configuration", () => {
  it("a key of team B never receives team A's entry, on any of the three operations", async () => {
    const teamA = await admin(gw, "/team/new", { team_alias: "ops-A" });
    const teamB = await admin(gw, "/team/new", { team_alias: "ops-B" });
    const a = (await newKey(gw, { team_id: teamA.team_id })).key;
    const b = (await newKey(gw, { team_id: teamB.team_id })).key;
    const text = prompt("confidential");
    const asks = [
      async (key: string) => {
        const { data, response } = await openai(gw, key)
          .completions.create({ model: "instruct", prompt: text })
          .withResponse();
        return { answer: data.choices[0]!.text, ...cacheHeaders(response) };
      },
      async (key: string) => {
        const { data, response } = await anthropic(gw, key)
          .messages.create({ model: "vllm", max_tokens: 64, messages: [{ role: "user", content: text }] })
          .withResponse();
        return { answer: JSON.stringify(data.content), ...cacheHeaders(response) };
      },
      async (key: string) => {
        const { data, response } = await openai(gw, key)
          .responses.create({ model: "vllm", input: text, store: false })
          .withResponse();
        return { answer: data.output_text, ...cacheHeaders(response) };
      },
    ];
    for (const ask of asks) {
      const fromA = await ask(a);
      await storedEntry(gw, fromA.key);
      expect(await ask(a)).toMatchObject({ cache: "HIT", answer: fromA.answer });
      const fromB = await ask(b);
      expect(fromB.cache).toBe("MISS");
      expect(fromB.key).not.toBe(fromA.key);
      expect(fromB.answer).not.toBe(fromA.answer);
    }
  });

  it("a hit is recorded as a cache hit that cost nothing and saved the miss's cost", async () => {
    const k = await newKey(gw);
    const ask = () =>
      anthropic(gw, k.key)
        .messages.create({ model: "vllm", max_tokens: 64, messages: [{ role: "user", content: "spend question" }] })
        .withResponse();
    const first = cacheHeaders((await ask()).response);
    await storedEntry(gw, first.key);
    expect(cacheHeaders((await ask()).response).cache).toBe("HIT");
    const stats = await eventually(async () => {
      const s = await admin(gw, `/cache/stats?api_key=${k.key}`);
      return s.hits + s.misses === 2 ? s : undefined;
    }, "two spend records");
    expect(stats).toMatchObject({ hits: 1, misses: 1, saved_cost_micros: 140 });
    const logs = await admin<Array<{ cost_micros: number }>>(gw, `/spend/logs?api_key=${k.key}`);
    expect(logs.map((l) => l.cost_micros).sort((x, y) => x - y)).toEqual([0, 140]);
  });

  it("supported_call_types without an operation leaves it uncached: every repeat reaches the upstream", async () => {
    const text = prompt("uncached");
    const twice = async (ask: () => Promise<Response>) => {
      const before = calls();
      expect((await ask()).headers.get("x-switchyard-cache")).toBeNull();
      expect((await ask()).headers.get("x-switchyard-cache")).toBeNull();
      expect(calls()).toBe(before + 2);
    };
    await twice(
      async () => (await openai(off).completions.create({ model: "instruct", prompt: text }).withResponse()).response,
    );
    await twice(
      async () =>
        (
          await anthropic(off)
            .messages.create({ model: "vllm", max_tokens: 64, messages: [{ role: "user", content: text }] })
            .withResponse()
        ).response,
    );
    await twice(
      async () =>
        (await openai(off).responses.create({ model: "vllm", input: text, store: false }).withResponse()).response,
    );
    // chat completions, still listed, are cached there
    const chat = () =>
      openai(off)
        .chat.completions.create({ model: "vllm", messages: [{ role: "user", content: text }] })
        .withResponse();
    expect((await chat()).response.headers.get("x-switchyard-cache")).toBe("MISS");
  });
});
