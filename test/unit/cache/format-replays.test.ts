import { describe, expect, it } from "vitest";
import type { Message } from "../../../src/anthropic/response.js";
import { messagesAssembler, replayMessageStream } from "../../../src/cache/messages-replay.js";
import { replayResponseStream, responsesAssembler } from "../../../src/cache/responses-replay.js";
import type { SseAssembler } from "../../../src/cache/sse-recorder.js";
import { sseRecorder } from "../../../src/cache/sse-recorder.js";
import { replayTextCompletionStream, textCompletionAssembler } from "../../../src/cache/text-completion-replay.js";
import type { TextCompletion } from "../../../src/openai/completions.js";
import type { ResponseObject } from "../../../src/responses/response.js";
import { parseSseText, validateAnthropicStream } from "../../helpers/anthropic-stream-grammar.js";
import { expectValidResponseStream } from "../../helpers/responses-event-grammar.js";

// The stored answers of text completions, Messages and Responses, and their replays: a replayed stream
// assembles back to the answer it was made from, follows its format's grammar, and a stream that did not
// end as a complete answer leaves nothing to store.

const enc = new TextEncoder();

async function text(s: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(s).text();
}

/** An SSE text through a recorder, split at odd places; the answer it would store, if any. */
async function record<A>(sse: string, assembler: SseAssembler<A>): Promise<{ stored?: A; passed: string }> {
  let stored: A | undefined;
  const bytes = enc.encode(sse);
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7));
      c.close();
    },
  });
  const passed = await text(source.pipeThrough(sseRecorder(assembler, (a) => (stored = a))));
  return { stored, passed };
}

const MESSAGE: Message = {
  id: "msg_01",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [
    { type: "thinking", thinking: "The user wants weather.", signature: "sig-1" },
    { type: "text", text: "Checking Paris." },
    { type: "tool_use", id: "toolu_01", name: "get_weather", input: { city: "Paris", unit: "celsius" } },
  ],
  stop_reason: "tool_use",
  stop_sequence: null,
  usage: { input_tokens: 42, output_tokens: 17, cache_read_input_tokens: 4 },
};

describe("Anthropic Messages", () => {
  it("a replayed stream follows Anthropic's grammar and assembles back to the stored Message", async () => {
    const sse = await text(replayMessageStream(MESSAGE));
    const assembled = validateAnthropicStream(sse);
    expect(assembled.message.content).toEqual(MESSAGE.content);
    expect(JSON.parse(assembled.toolArguments[2]!)).toEqual({ city: "Paris", unit: "celsius" });
    expect(assembled.message.usage).toMatchObject({ input_tokens: 42, output_tokens: 17 });
    const { stored, passed } = await record(sse, messagesAssembler({ storeTruncated: false }));
    expect(passed).toBe(sse);
    expect(stored).toMatchObject({ ...MESSAGE, usage: { input_tokens: 42, output_tokens: 17 } });
  });

  it("an error event, a stream without message_stop, or an answer cut at max_tokens stores nothing", async () => {
    const sse = await text(replayMessageStream(MESSAGE));
    const cut = sse.slice(0, sse.indexOf("event: message_stop"));
    const error = `${cut}event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"x"}}\n\n`;
    expect((await record(cut, messagesAssembler({ storeTruncated: false }))).stored).toBeUndefined();
    expect((await record(error, messagesAssembler({ storeTruncated: false }))).stored).toBeUndefined();
    const truncated = await text(replayMessageStream({ ...MESSAGE, stop_reason: "max_tokens" }));
    expect((await record(truncated, messagesAssembler({ storeTruncated: false }))).stored).toBeUndefined();
    expect((await record(truncated, messagesAssembler({ storeTruncated: true }))).stored).toBeDefined();
  });
});

const RESPONSE = {
  id: "resp_01",
  object: "response",
  created_at: 1_900_000_000,
  status: "completed",
  error: null,
  incomplete_details: null,
  model: "gpt-4.1",
  instructions: null,
  output: [
    { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Think about Paris." }] },
    {
      type: "message",
      id: "msg_1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Checking Paris.", annotations: [] }],
    },
    {
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "get_weather",
      arguments: '{"city":"Paris"}',
      status: "completed",
    },
  ],
  parallel_tool_calls: true,
  temperature: null,
  tool_choice: "auto",
  tools: [],
  top_p: null,
  metadata: {},
  usage: {
    input_tokens: 30,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 12,
    output_tokens_details: { reasoning_tokens: 4 },
    total_tokens: 42,
  },
} as ResponseObject;

describe("the Responses API", () => {
  it("a replayed stream is a valid numbered event stream ending with the stored Response", async () => {
    const sse = await text(replayResponseStream(RESPONSE));
    const events = parseSseText(sse).map((e) => JSON.parse(e.data) as { type: string; sequence_number: number });
    expectValidResponseStream(events);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.at(-1)).toMatchObject({ type: "response.completed", response: RESPONSE });
    expect((await record(sse, responsesAssembler())).stored).toEqual(RESPONSE);
  });

  it("a failed or incomplete response, an error event or a stream without its end stores nothing", async () => {
    const sse = await text(replayResponseStream(RESPONSE));
    const cut = sse.slice(0, sse.indexOf("event: response.completed"));
    expect((await record(cut, responsesAssembler())).stored).toBeUndefined();
    const ending = (type: string, body: object) =>
      `${cut}event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
    for (const [type, body] of [
      ["response.failed", { response: { ...RESPONSE, status: "failed" } }],
      ["response.incomplete", { response: { ...RESPONSE, status: "incomplete" } }],
      ["error", { code: "server_error", message: "cut", param: null }],
    ] as const)
      expect((await record(ending(type, body), responsesAssembler())).stored).toBeUndefined();
  });
});

const COMPLETION: TextCompletion = {
  id: "cmpl-1",
  object: "text_completion",
  created: 1_900_000_000,
  model: "gpt-3.5-turbo-instruct",
  choices: [
    { text: "first", index: 0, logprobs: null, finish_reason: "stop" },
    { text: "second", index: 1, logprobs: null, finish_reason: "stop" },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
};

describe("legacy text completions", () => {
  const assembler = (usage?: TextCompletion["usage"]) =>
    textCompletionAssembler({ storeTruncated: false, usage: () => usage });

  it("a replayed stream (usage chunk when asked) assembles back to the stored completion", async () => {
    const withUsage = await text(replayTextCompletionStream(COMPLETION, { includeUsage: true }));
    expect(withUsage.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect((await record(withUsage, assembler())).stored).toEqual(COMPLETION);
    // without the usage chunk the entry takes the usage the gateway kept
    const bare = await text(replayTextCompletionStream(COMPLETION, { includeUsage: false }));
    expect(bare).not.toContain("total_tokens");
    expect((await record(bare, assembler(COMPLETION.usage))).stored).toEqual(COMPLETION);
  });

  it("an error chunk, logprobs, a missing [DONE] or a cut choice stores nothing", async () => {
    const sse = await text(replayTextCompletionStream(COMPLETION, { includeUsage: true }));
    const noDone = sse.replace("data: [DONE]\n\n", "");
    const error = `${noDone}data: ${JSON.stringify({ error: { message: "cut", type: "server_error" } })}\n\n`;
    const logprobs = sse.replace('"logprobs":null', '"logprobs":{"tokens":["f"]}');
    const length = sse.replaceAll('"finish_reason":"stop"', '"finish_reason":"length"');
    for (const bad of [noDone, error, logprobs, length])
      expect((await record(bad, assembler())).stored).toBeUndefined();
  });
});
