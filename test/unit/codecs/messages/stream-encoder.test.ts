import { describe, expect, it } from "vitest";
import { createMessagesStreamEncoder } from "../../../../src/codecs/messages/stream-encoder.js";
import { toMessage } from "../../../../src/codecs/messages/from-chat-completion.js";
import type { ChatCompletionChunk, ChunkDelta } from "../../../../src/openai/chat-response.js";
import type { StreamEvent } from "../../../../src/anthropic/stream-events.js";
import { GatewayError, RateLimitError } from "../../../../src/errors/gateway-error.js";
import { validateAnthropicStream } from "../../../helpers/anthropic-stream-grammar.js";
import { assembleCompletion } from "../../../helpers/assemble-completion.js";
import { vendorStreams } from "../../../helpers/vendor-streams.js";

const streams = await vendorStreams();
const finished = streams.filter((s) => s.error === undefined);
const failed = streams.filter((s) => s.error !== undefined);

function encode(chunks: readonly ChatCompletionChunk[], opts: { stopSequences?: string[] } = {}): StreamEvent[] {
  const enc = createMessagesStreamEncoder(opts);
  return [...chunks.flatMap((c) => enc.push(c)), ...enc.end()];
}

/** The same stream with every text, reasoning and argument delta cut into one-character chunks. */
function fragment(chunks: readonly ChatCompletionChunk[]): ChatCompletionChunk[] {
  const out: ChatCompletionChunk[] = [];
  const emit = (c: ChatCompletionChunk, delta: ChunkDelta) =>
    out.push({ ...c, usage: undefined, choices: [{ index: 0, delta, finish_reason: null }] });
  for (const c of chunks) {
    const choice = c.choices.find((ch) => ch.index === 0);
    if (!choice) {
      out.push(c);
      continue;
    }
    const d = choice.delta;
    // thinking_blocks stay with the first piece of the reasoning they came with (Bedrock sends both in one delta).
    const reasoning = [...(d.reasoning_content ?? "")];
    const blocks = d.thinking_blocks ? { thinking_blocks: d.thinking_blocks } : {};
    if (reasoning.length === 0 && d.thinking_blocks) emit(c, blocks);
    reasoning.forEach((ch, i) => {
      emit(c, i === 0 ? { reasoning_content: ch, ...blocks } : { reasoning_content: ch });
    });
    for (const ch of d.content ?? "") emit(c, { content: ch });
    for (const tc of d.tool_calls ?? []) {
      const args = [...(tc.function?.arguments ?? "")];
      emit(c, { tool_calls: [{ ...tc, function: { ...tc.function, arguments: args.shift() ?? "" } }] });
      for (const ch of args) emit(c, { tool_calls: [{ index: tc.index, function: { arguments: ch } }] });
    }
    out.push({ ...c, choices: [{ index: 0, delta: {}, finish_reason: choice.finish_reason }] });
  }
  return out;
}

/** Each tool call's joined arguments, in call order, as the chat chunks carried them. */
const chatArguments = (chunks: readonly ChatCompletionChunk[]) =>
  (assembleCompletion(chunks).choices[0]!.message.tool_calls ?? []).map((t) => t.function.arguments);

const head = { id: "chatcmpl-1", object: "chat.completion.chunk" as const, created: 1, model: "m" };
const chunk = (
  delta: ChunkDelta,
  finish: ChatCompletionChunk["choices"][number]["finish_reason"] = null,
): ChatCompletionChunk => ({
  ...head,
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const usageChunk = (prompt: number, completion: number, cached = 0): ChatCompletionChunk => ({
  ...head,
  choices: [],
  usage: {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
  },
});

describe("translated stream from recorded vendor streams", () => {
  it("covers text, thinking, tools and failures", () => {
    expect(finished.length).toBeGreaterThanOrEqual(20);
    expect(failed.length).toBeGreaterThanOrEqual(5);
  });

  it.each(finished.map((s) => [s.name, s] as const))("%s: valid grammar, same message as non-stream", (_, s) => {
    const events = encode(s.chunks);
    expect(events.slice(0, 2).map((e) => e.type)).toEqual(["message_start", "ping"]);
    const assembled = validateAnthropicStream(events);
    expect(assembled.message).toEqual(toMessage(assembleCompletion(s.chunks)));
    expect(Object.values(assembled.toolArguments)).toEqual(chatArguments(s.chunks));
  });

  it.each(finished.map((s) => [s.name, s] as const))("%s: the same whichever way the deltas are cut", (_, s) => {
    const whole = validateAnthropicStream(encode(s.chunks));
    const cut = validateAnthropicStream(encode(fragment(s.chunks)));
    expect(cut.message).toEqual(whole.message);
    expect(cut.toolArguments).toEqual(whole.toolArguments);
  });

  it.each(failed.map((s) => [s.name, s] as const))("%s: ends with one error event after what arrived", (_, s) => {
    const enc = createMessagesStreamEncoder();
    const events = s.chunks.flatMap((c) => enc.push(c));
    events.push(...enc.fail(s.error as GatewayError), ...enc.end(), ...enc.fail(s.error as GatewayError));
    const assembled = validateAnthropicStream(events);
    expect(assembled.error?.type).toBe("error");
    expect(events.filter((e) => e.type === "error")).toHaveLength(1);
  });
});

describe("stream encoder rules", () => {
  it("keeps tool argument bytes wherever the upstream cuts them", () => {
    const args = '{"path":"a\\\\b.ts","edits":[{"old":"ü","new":"\\u00fc"}],"n":1.50}';
    for (let at = 0; at <= args.length; at++) {
      const chunks = [
        chunk({
          role: "assistant",
          tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "edit", arguments: "" } }],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, at) } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(at) } }] }),
        chunk({}, "tool_calls"),
      ];
      expect(validateAnthropicStream(encode(chunks)).toolArguments[0], `cut at ${at}`).toBe(args);
    }
  });

  it("opens one block per parallel call even when every delta repeats the call's id and name", () => {
    const call = (index: number, id: string, args: string) => ({
      index,
      id,
      type: "function" as const,
      function: { name: "get_weather", arguments: args },
    });
    const events = encode([
      chunk({ tool_calls: [call(0, "c0", '{"city":')] }),
      chunk({ tool_calls: [call(0, "c0", '"Paris"}')] }),
      chunk({ tool_calls: [call(1, "c1", '{"city":"Tokyo"}')] }),
      chunk({}, "tool_calls"),
    ]);
    const m = validateAnthropicStream(events).message;
    expect(m.content).toEqual([
      { type: "tool_use", id: "c0", name: "get_weather", input: { city: "Paris" } },
      { type: "tool_use", id: "c1", name: "get_weather", input: { city: "Tokyo" } },
    ]);
    expect(m.stop_reason).toBe("tool_use");
  });

  it("puts thinking, its signature, redacted thinking, text and tools in order", () => {
    const events = encode([
      chunk({ role: "assistant", reasoning_content: "Let me " }),
      chunk({ reasoning_content: "think." }),
      chunk({ thinking_blocks: [{ type: "thinking", thinking: "Let me think.", signature: "sig-1" }] }),
      chunk({ thinking_blocks: [{ type: "redacted_thinking", data: "opaque" }] }),
      chunk({ content: "Calling." }),
      chunk({ tool_calls: [{ index: 0, id: "c0", type: "function", function: { name: "f", arguments: "{}" } }] }),
      chunk({}, "stop"),
      usageChunk(120, 30, 100),
    ]);
    const m = validateAnthropicStream(events).message;
    expect(m.content).toEqual([
      { type: "thinking", thinking: "Let me think.", signature: "sig-1" },
      { type: "redacted_thinking", data: "opaque" },
      { type: "text", text: "Calling." },
      { type: "tool_use", id: "c0", name: "f", input: {} },
    ]);
    // "stop" with tool calls is still a tool turn; usage arrives after the finish and lands in message_delta.
    expect(m.stop_reason).toBe("tool_use");
    expect(m.usage).toEqual({
      input_tokens: 20,
      output_tokens: 30,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 0,
    });
  });

  it("starts a new thinking block after a signature (interleaved thinking)", () => {
    const m = validateAnthropicStream(
      encode([
        chunk({ reasoning_content: "one" }),
        chunk({ thinking_blocks: [{ type: "thinking", thinking: "", signature: "s1" }] }),
        chunk({ reasoning_content: "two" }),
        chunk({ thinking_blocks: [{ type: "thinking", thinking: "", signature: "s2" }] }),
        chunk({}, "stop"),
      ]),
    ).message;
    expect(m.content).toEqual([
      { type: "thinking", thinking: "one", signature: "s1" },
      { type: "thinking", thinking: "two", signature: "s2" },
    ]);
  });

  it("reports the stop sequence a vendor says matched, and maps length and content_filter", () => {
    const stopped = (finish: "stop" | "length" | "content_filter", extra: object = {}) => {
      const c = chunk({ content: "x" }, finish);
      Object.assign(c.choices[0]!, extra);
      return validateAnthropicStream(encode([c], { stopSequences: ["END"] })).message;
    };
    expect(stopped("stop", { stop_reason: "END" })).toMatchObject({
      stop_reason: "stop_sequence",
      stop_sequence: "END",
    });
    expect(stopped("stop", { stop_reason: "other" })).toMatchObject({ stop_reason: "end_turn", stop_sequence: null });
    expect(stopped("length").stop_reason).toBe("max_tokens");
    expect(stopped("content_filter").stop_reason).toBe("refusal");
  });

  it("ends a stream that stops before a finish_reason with an error event", () => {
    const enc = createMessagesStreamEncoder();
    const events = [...enc.push(chunk({ content: "partial" })), ...enc.end()];
    const { error } = validateAnthropicStream(events);
    expect(error?.error).toEqual({
      type: "api_error",
      message: "the upstream stream ended before the model finished its answer",
    });
  });

  it("refuses arguments for a tool call whose block is already closed", () => {
    const enc = createMessagesStreamEncoder();
    const call = (index: number, args: string) => ({
      index,
      id: `c${index}`,
      function: { name: "f", arguments: args },
    });
    const events = [
      ...enc.push(chunk({ tool_calls: [call(0, '{"a":1}')] })),
      ...enc.push(chunk({ tool_calls: [call(1, "{}")] })),
    ];
    let thrown: unknown;
    try {
      enc.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    events.push(...enc.fail(thrown as GatewayError));
    const { message, error } = validateAnthropicStream(events);
    expect(error?.error.type).toBe("api_error");
    expect(message.content).toEqual([
      { type: "tool_use", id: "c0", name: "f", input: { a: 1 } },
      { type: "tool_use", id: "c1", name: "f", input: {} },
    ]);
  });

  it("turns a rate limit after the first byte into a rate_limit_error event", () => {
    const enc = createMessagesStreamEncoder({ id: "msg_gw", model: "my-group" });
    const events = [...enc.push(chunk({ content: "hi" })), ...enc.fail(new RateLimitError("slow down"))];
    const { message, error } = validateAnthropicStream(events);
    expect(message).toMatchObject({ id: "msg_gw", model: "my-group" });
    expect(error?.error).toEqual({ type: "rate_limit_error", message: "slow down" });
    expect(enc.started).toBe(true);
  });
});
