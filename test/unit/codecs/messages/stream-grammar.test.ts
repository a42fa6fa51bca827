import { describe, expect, it } from "vitest";
import { parseSseText, validateAnthropicStream, type SseEvent } from "../../../helpers/anthropic-stream-grammar.js";
import { fixtureText } from "../../../helpers/fixtures.js";

/** The stream validator itself: a recorded Anthropic stream passes, every broken variant of it fails. */
const valid = parseSseText(fixtureText("anthropic-messages/native.stream.txt"));
const names = valid.map((e) => e.event);
/** Position of the nth event with this name. */
const at = (name: string, nth = 0) => names.flatMap((n, i) => (n === name ? [i] : []))[nth]!;
const without = (i: number) => valid.filter((_, j) => j !== i);
const withInserted = (i: number, e: SseEvent) => [...valid.slice(0, i), e, ...valid.slice(i)];
const ev = (type: string, data: object): SseEvent => ({ event: type, data: JSON.stringify({ type, ...data }) });

describe("Anthropic stream grammar validator", () => {
  it("accepts the recorded stream and assembles its message", () => {
    const { message, toolArguments } = validateAnthropicStream(valid);
    expect(message.content.map((b) => b.type)).toEqual(["thinking", "text", "tool_use", "tool_use"]);
    expect(message.content[2]!.input).toEqual({ city: "Paris" });
    expect(toolArguments).toEqual({ 2: '{"city": "Paris"}', 3: '{"city": "Tokyo"}' });
    expect(message).toMatchObject({ stop_reason: "tool_use", usage: { input_tokens: 312, output_tokens: 87 } });
  });

  it.each([
    ["missing message_start", () => without(at("message_start")), /before message_start/],
    ["duplicated message_start", () => withInserted(1, valid[0]!), /duplicate message_start/],
    ["missing content_block_stop", () => without(at("content_block_stop", 1)), /still open/],
    ["duplicated content_block_start", () => withInserted(2, valid[1]!), /still open/],
    ["missing message_delta", () => without(at("message_delta")), /without message_delta/],
    [
      "duplicated message_delta",
      () => withInserted(at("message_stop"), valid[at("message_delta")]!),
      /duplicate message_delta/,
    ],
    ["missing message_stop", () => without(at("message_stop")), /not message_stop/],
    ["an event after message_stop", () => [...valid, ev("ping", {})], /after message_stop/],
    ["a ping before message_start", () => [ev("ping", {}), ...valid], /before message_start/],
    [
      "a block index gap",
      () =>
        valid.map((e) =>
          e.event === "content_block_start" && e.data.includes('"index":1')
            ? { ...e, data: e.data.replace('"index":1', '"index":2') }
            : e,
        ),
      /expected 1/,
    ],
    [
      "a delta for a closed block",
      () =>
        withInserted(
          at("content_block_stop", 1) + 1,
          ev("content_block_delta", { index: 1, delta: { type: "text_delta", text: "x" } }),
        ),
      /not open/,
    ],
    [
      "a delta type the block does not take",
      () =>
        withInserted(
          at("content_block_stop", 1),
          ev("content_block_delta", { index: 1, delta: { type: "input_json_delta", partial_json: "{}" } }),
        ),
      /input_json_delta in a text block/,
    ],
    [
      "thinking after the signature",
      () =>
        withInserted(
          at("content_block_stop"),
          ev("content_block_delta", { index: 0, delta: { type: "thinking_delta", thinking: "more" } }),
        ),
      /after the block's signature/,
    ],
    [
      "an SSE name that differs from data.type",
      () => valid.map((e, i) => (i === at("ping") ? { ...e, event: "message_stop" } : e)),
      /differs from data.type/,
    ],
    [
      "a block started after message_delta",
      () =>
        withInserted(
          at("message_stop"),
          ev("content_block_start", { index: 4, content_block: { type: "text", text: "" } }),
        ),
      /after message_delta/,
    ],
    [
      "events after an error",
      () => withInserted(3, ev("error", { error: { type: "api_error", message: "x" } })),
      /follow the error event/,
    ],
    [
      "tool input that is not JSON",
      () => valid.map((e) => ({ ...e, data: e.data.replace('ris\\"}', "ris") })),
      /not JSON/,
    ],
  ])("fails on %s", (_, events, why) => {
    expect(() => validateAnthropicStream(events())).toThrow(why);
  });

  it("accepts an error event as the end of a stream that began", () => {
    const events = [...valid.slice(0, 4), ev("error", { error: { type: "overloaded_error", message: "Overloaded" } })];
    expect(validateAnthropicStream(events).error?.error.type).toBe("overloaded_error");
  });
});
