import type { ServerResponse } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedEntry } from "../helpers/cache-workerd.js";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import {
  type MockUpstream,
  type RecordedRequest,
  sendJson,
  sendSse,
  startMockUpstream,
} from "../helpers/mock-upstream.js";
import { expectValidResponseStream } from "../helpers/responses-event-grammar.js";

// The response cache on the native paths of Messages (Claude on Anthropic: the vendor's body and events pass
// through) and of the Responses API (OpenAI's /v1/responses), in workerd with KV and the official clients.
// The mock counts the calls that reach it; each answer names its call number.
let up: MockUpstream;
let gw: TestGateway;
let calls = 0;

const frame = (ev: { type: string } & Record<string, unknown>) => `event: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`;

function anthropicAnswer(res: ServerResponse, stream: boolean, text: string) {
  const message = {
    id: `msg_${calls}`,
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5-20250929",
    content: [
      { type: "text", text },
      { type: "tool_use", id: `toolu_${calls}`, name: "lookup", input: { q: text } },
    ],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 50, output_tokens: 10, cache_read_input_tokens: 5 },
  };
  if (!stream) return sendJson(res, 200, message);
  const [first, rest] = [text.slice(0, 4), text.slice(4)];
  sendSse(res, [
    frame({
      type: "message_start",
      message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } },
    }),
    frame({ type: "ping" }),
    frame({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
    frame({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: first } }),
    frame({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: rest } }),
    frame({ type: "content_block_stop", index: 0 }),
    frame({
      type: "content_block_start",
      index: 1,
      content_block: { type: "tool_use", id: `toolu_${calls}`, name: "lookup", input: {} },
    }),
    frame({ type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"q": ' } }),
    frame({
      type: "content_block_delta",
      index: 1,
      delta: { type: "input_json_delta", partial_json: `${JSON.stringify(text)}}` },
    }),
    frame({ type: "content_block_stop", index: 1 }),
    frame({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { output_tokens: 10 },
    }),
    frame({ type: "message_stop" }),
  ]);
}

function responsesAnswer(res: ServerResponse, stream: boolean, text: string) {
  const usage = {
    input_tokens: 30,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 6,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 36,
  };
  const item = {
    type: "message",
    id: `msg_${calls}`,
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text, annotations: [] }],
  };
  const response = {
    id: `resp_upstream_${calls}`,
    object: "response",
    created_at: 1_900_000_000,
    status: "completed",
    error: null,
    incomplete_details: null,
    instructions: null,
    model: "gpt-4.1-2025-04-14",
    output: [item],
    parallel_tool_calls: true,
    store: false,
    temperature: 1,
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    metadata: {},
    usage,
  };
  if (!stream) return sendJson(res, 200, response);
  const shell = { ...response, status: "in_progress", output: [], usage: null };
  const at = { item_id: item.id, output_index: 0, content_index: 0 };
  const part = { type: "output_text", text: "", annotations: [] };
  const events = [
    { type: "response.created", response: shell },
    { type: "response.in_progress", response: shell },
    { type: "response.output_item.added", output_index: 0, item: { ...item, status: "in_progress", content: [] } },
    { type: "response.content_part.added", ...at, part },
    { type: "response.output_text.delta", ...at, delta: text.slice(0, 4), logprobs: [] },
    { type: "response.output_text.delta", ...at, delta: text.slice(4), logprobs: [] },
    { type: "response.output_text.done", ...at, text, logprobs: [] },
    { type: "response.content_part.done", ...at, part: { ...part, text } },
    { type: "response.output_item.done", output_index: 0, item },
    { type: "response.completed", response },
  ];
  sendSse(
    res,
    events.map((e, sequence_number) => frame({ ...e, sequence_number })),
  );
}

function upstream(req: RecordedRequest, res: ServerResponse) {
  calls++;
  const body = req.json() as { stream?: boolean };
  const text = `native answer ${calls}`;
  if (req.path.endsWith("/messages")) return anthropicAnswer(res, body.stream === true, text);
  if (req.path.endsWith("/responses")) return responsesAnswer(res, body.stream === true, text);
  sendJson(res, 404, { error: { message: `no ${req.path}` } });
}

beforeAll(async () => {
  up = await startMockUpstream(upstream);
  gw = await startGateway({
    config: configWith(
      `
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5-20250929, api_key: sk-ant-upstream, api_base: ${up.url}, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
  - model_name: gpt
    litellm_params: { model: openai/gpt-4.1, api_key: sk-upstream-secret, api_base: ${up.url}/v1, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }`,
      "litellm_settings:\n  cache: true\n  cache_params: { type: kv, default_in_memory_ttl: 0 }\n",
    ),
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

let n = 0;
const cacheOf = (r: Response) => ({
  cache: r.headers.get("x-switchyard-cache"),
  key: r.headers.get("x-switchyard-cache-key") ?? "",
});

async function repeated<T extends { cache: string | null; key: string }>(ask: () => Promise<T>) {
  const first = await ask();
  expect(first.cache).toBe("MISS");
  await storedEntry(gw, first.key);
  const before = calls;
  const again = await ask();
  expect(calls).toBe(before);
  return { first, again };
}

describe("Messages on the native path (Claude on Anthropic)", () => {
  const client = () => new Anthropic({ apiKey: MASTER_KEY, baseURL: gw.url, maxRetries: 0 });
  const body = (): Anthropic.MessageCreateParamsNonStreaming => ({
    model: "claude",
    max_tokens: 100,
    messages: [{ role: "user", content: `native question ${++n}` }],
    tools: [{ name: "lookup", input_schema: { type: "object", properties: { q: { type: "string" } } } }],
  });

  it("a repeated request is a hit with the vendor's Message (text and tool call) and usage", async () => {
    const b = body();
    const ask = async () => {
      const { data, response } = await client().messages.create(b).withResponse();
      return { content: data.content, usage: data.usage, stop: data.stop_reason, ...cacheOf(response) };
    };
    const { first, again } = await repeated(ask);
    expect(again).toEqual({ ...first, cache: "HIT" });
    expect(again.content[1]).toMatchObject({ type: "tool_use", input: { q: expect.stringMatching(/^native answer/) } });
  });

  it("a streamed request is recorded from the vendor's events and replayed; the SDK assembles the same Message", async () => {
    const b = body();
    const read = async () => {
      const s = client().messages.stream(b);
      const { response } = await s.withResponse();
      const m = await s.finalMessage();
      return { content: m.content, usage: m.usage, stop: m.stop_reason, ...cacheOf(response) };
    };
    const { first, again } = await repeated(read);
    expect(first.content[1]).toMatchObject({ type: "tool_use", input: { q: expect.stringMatching(/^native answer/) } });
    expect(again).toEqual({ ...first, cache: "HIT" });
  });
});

describe("Responses on the native path (OpenAI's /v1/responses)", () => {
  const client = () => new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });

  it("a repeated stateless request is a hit under a fresh id, JSON and stream", async () => {
    const input = `native responses question ${++n}`;
    const ask = async () => {
      const { data, response } = await client().responses.create({ model: "gpt", input, store: false }).withResponse();
      return { id: data.id, text: data.output_text, usage: data.usage, ...cacheOf(response) };
    };
    const { first, again } = await repeated(ask);
    expect(again).toEqual({ ...first, id: again.id, cache: "HIT" });
    expect(again.id).not.toBe(first.id);

    const streamed = { model: "gpt", input: `native responses stream ${++n}`, store: false, stream: true } as const;
    const read = async () => {
      const { data, response } = await client().responses.create(streamed).withResponse();
      const events: Array<{ type: string }> = [];
      for await (const ev of data) events.push(ev);
      const done = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
      return {
        events,
        id: done.response.id,
        text: done.response.output_text,
        usage: done.response.usage,
        ...cacheOf(response),
      };
    };
    const s = await repeated(read);
    expectValidResponseStream(s.again.events);
    expect(s.again).toMatchObject({ cache: "HIT", text: s.first.text, usage: s.first.usage });
    expect(s.again.id).not.toBe(s.first.id);
  });
});
