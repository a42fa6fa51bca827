import { describe, expect, it } from "vitest";
import { streamFailure } from "../../../../src/codecs/responses/errors.js";
import { decodeThinking } from "../../../../src/codecs/responses/reasoning.js";
import { ResponsesStreamEncoder } from "../../../../src/codecs/responses/stream-encoder.js";
import { toResponse } from "../../../../src/codecs/responses/to-response.js";
import { ServiceUnavailableError } from "../../../../src/errors/gateway-error.js";
import type { ChatCompletion, ChatCompletionChunk } from "../../../../src/openai/chat-response.js";
import type { ResponseStreamEvent } from "../../../../src/responses/events.js";
import { expectValidResponseStream } from "../../../helpers/responses-event-grammar.js";
import { chunksOf, completion, responseContext } from "../../../helpers/responses-fixtures.js";

function encode(chunks: ChatCompletionChunk[], request: Record<string, unknown> = {}): ResponseStreamEvent[] {
  const enc = new ResponsesStreamEncoder(responseContext(request));
  return [...enc.start(), ...chunks.flatMap((c) => enc.push(c)), ...enc.finish()];
}

function last(events: ResponseStreamEvent[]) {
  const e = events[events.length - 1]!;
  if (!("response" in e)) throw new Error(`last event is ${e.type}`);
  return e.response as ReturnType<typeof toResponse>;
}

/** Streamed and non-streamed translations of one answer: the stream is valid and ends in the same response. */
function expectSameAsNonStream(c: ChatCompletion, request: Record<string, unknown> = {}): ResponseStreamEvent[] {
  const events = encode(chunksOf(c), request);
  expectValidResponseStream(events);
  expect(last(events)).toEqual(toResponse(c, responseContext(request)));
  return events;
}

const TOOL_A = {
  id: "call_a",
  type: "function" as const,
  function: { name: "weather", arguments: '{"city":"Paris"}' },
};
const TOOL_B = {
  id: "call_b",
  type: "function" as const,
  function: { name: "time", arguments: '{"tz":"Europe/Paris"}' },
};
const THINKING = [{ type: "thinking" as const, thinking: "The user greets me.", signature: "sig-1" }];

describe("Responses stream encoder", () => {
  it("streams text as one message item, in OpenAI's event order", () => {
    const events = expectSameAsNonStream(completion({ content: "Hello there, friend!" }));
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      ...Array(5).fill("response.output_text.delta"),
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const deltas = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : []));
    expect(deltas.join("")).toBe("Hello there, friend!");
    expect(last(events).status).toBe("completed");
  });

  it("streams parallel tool calls one item after another, arguments as deltas", () => {
    const events = expectSameAsNonStream(completion({ content: "Checking.", tool_calls: [TOOL_A, TOOL_B] }));
    const items = events.flatMap((e) => (e.type === "response.output_item.done" ? [e.item] : []));
    expect(items.map((i) => i.type)).toEqual(["message", "function_call", "function_call"]);
    const dones = events.flatMap((e) => (e.type === "response.function_call_arguments.done" ? [e] : []));
    expect(dones.map((d) => [d.name, d.arguments, d.output_index])).toEqual([
      ["weather", '{"city":"Paris"}', 1],
      ["time", '{"tz":"Europe/Paris"}', 2],
    ]);
    expect(last(events).output[1]).toMatchObject({ type: "function_call", call_id: "call_a", status: "completed" });
  });

  it("streams a tool call with no text as the only item", () => {
    const events = expectSameAsNonStream(completion({ tool_calls: [TOOL_A] }));
    expect(last(events).output).toHaveLength(1);
  });

  it("streams reasoning as a summary when the client asked for one, and keeps the signed thinking", () => {
    const c = completion({ reasoning_content: "The user greets me.", thinking_blocks: THINKING, content: "Hi!" });
    const events = expectSameAsNonStream(c, { reasoning: { effort: "low", summary: "auto" } });
    const types = events.map((e) => e.type);
    expect(types.slice(2, 6)).toEqual([
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
    ]);
    const reasoning = last(events).output[0]!;
    expect(reasoning).toMatchObject({
      type: "reasoning",
      summary: [{ type: "summary_text", text: "The user greets me." }],
    });
    expect(decodeThinking(reasoning.encrypted_content as string, "anthropic")).toEqual(THINKING);
  });

  it("keeps reasoning without summary events when no summary was asked for", () => {
    const c = completion({ reasoning_content: "Thinking hard.", thinking_blocks: THINKING, content: "Done." });
    const events = expectSameAsNonStream(c, { reasoning: { effort: "medium" } });
    expect(events.some((e) => e.type.startsWith("response.reasoning_summary"))).toBe(false);
    expect(last(events).output[0]).toMatchObject({ type: "reasoning", summary: [] });
  });

  it("joins thinking that arrives in pieces (text, then the signature alone) into the blocks of the whole answer", () => {
    const c = completion({
      reasoning_content: "abc",
      thinking_blocks: [{ type: "thinking", thinking: "abc", signature: "s" }],
      content: "x",
    });
    const head = { id: "c", object: "chat.completion.chunk" as const, created: 1, model: "m" };
    const chunks: ChatCompletionChunk[] = [
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: { reasoning_content: "ab", thinking_blocks: [{ type: "thinking", thinking: "ab" }] },
            finish_reason: null,
          },
        ],
      },
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: { reasoning_content: "c", thinking_blocks: [{ type: "thinking", thinking: "c" }] },
            finish_reason: null,
          },
        ],
      },
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: { thinking_blocks: [{ type: "thinking", thinking: "", signature: "s" }] },
            finish_reason: null,
          },
        ],
      },
      { ...head, choices: [{ index: 0, delta: { content: "x" }, finish_reason: "stop" }] },
      { ...head, choices: [], usage: c.usage },
    ];
    const events = encode(chunks);
    expectValidResponseStream(events);
    expect(last(events)).toEqual(toResponse(c, responseContext()));
  });

  it("ends with response.incomplete when the output hit max_output_tokens, the cut item incomplete", () => {
    const c = completion({ content: "This answer was cut" }, { finish: "length" });
    const events = expectSameAsNonStream(c, { max_output_tokens: 5 });
    const r = last(events);
    expect(events[events.length - 1]!.type).toBe("response.incomplete");
    expect(r.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(r.output[0]).toMatchObject({ type: "message", status: "incomplete" });
  });

  it("ends with response.incomplete for a content filter", () => {
    const r = last(expectSameAsNonStream(completion({ content: "Partial" }, { finish: "content_filter" })));
    expect(r.incomplete_details).toEqual({ reason: "content_filter" });
  });

  it("streams a refusal as its own content part", () => {
    const events = expectSameAsNonStream(completion({ content: null, refusal: "I can't help with that." }));
    expect(events.some((e) => e.type === "response.refusal.done")).toBe(true);
    expect(last(events).output[0]).toMatchObject({
      content: [{ type: "refusal", refusal: "I can't help with that." }],
    });
  });

  it("carries usage with cached input and reasoning output tokens", () => {
    const usage = {
      prompt_tokens: 100,
      completion_tokens: 40,
      total_tokens: 140,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 25 },
    };
    const r = last(expectSameAsNonStream(completion({ content: "ok" }, { usage })));
    expect(r.usage).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 64 },
      output_tokens: 40,
      output_tokens_details: { reasoning_tokens: 25 },
      total_tokens: 140,
    });
  });

  it("fails mid-stream with response.failed, the output so far kept and the open item incomplete", () => {
    const enc = new ResponsesStreamEncoder(responseContext());
    const chunks = chunksOf(completion({ content: "Hello there" })).slice(0, 3);
    const events = [...enc.start(), ...chunks.flatMap((c) => enc.push(c))];
    events.push(...enc.fail(streamFailure(new ServiceUnavailableError("anthropic error: overloaded"))));
    expectValidResponseStream(events);
    const end = events[events.length - 1]!;
    expect(end.type).toBe("response.failed");
    const r = last(events);
    expect(r.status).toBe("failed");
    expect(r.error).toEqual({ code: "server_error", message: "anthropic error: overloaded" });
    expect(r.output).toEqual([
      {
        id: "msg-1",
        type: "message",
        status: "incomplete",
        role: "assistant",
        content: [{ type: "output_text", annotations: [], text: "Hello th" }],
      },
    ]);
    expect(enc.push(chunks[0]!)).toEqual([]);
    expect(enc.finish()).toEqual([]);
  });

  it("does not show the message of an error that is not the gateway's", () => {
    expect(streamFailure(new Error("socket hang up at 10.0.0.3"))).toEqual({
      code: "server_error",
      message: "the upstream stream failed",
    });
  });

  it("sends created and in_progress once, even when the first push starts the stream", () => {
    const enc = new ResponsesStreamEncoder(responseContext());
    const events = [...chunksOf(completion({ content: "Hi" })).flatMap((c) => enc.push(c)), ...enc.finish()];
    expectValidResponseStream(events);
    expect(events.filter((e) => e.type === "response.created")).toHaveLength(1);
    expect(enc.start()).toEqual([]);
  });

  it("ends an empty answer with a completed response and no items", () => {
    const events = expectSameAsNonStream(completion({ content: "" }));
    expect(last(events).output).toEqual([]);
  });
});
