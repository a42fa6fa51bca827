import { describe, expect, it } from "vitest";
import { ResponsesStreamEncoder } from "../../../../src/codecs/responses/stream-encoder.js";
import type { ResponseStreamEvent } from "../../../../src/responses/events.js";
import { responseGrammarViolations } from "../../../helpers/responses-event-grammar.js";
import { chunksOf, completion, responseContext } from "../../../helpers/responses-fixtures.js";

/** A valid stream with every kind of item: reasoning with a summary, text, two tool calls. */
function validStream(): ResponseStreamEvent[] {
  const enc = new ResponsesStreamEncoder(responseContext({ reasoning: { summary: "auto" } }));
  const c = completion({
    reasoning_content: "Let me think.",
    content: "Two calls.",
    tool_calls: [
      { id: "a", type: "function", function: { name: "f", arguments: '{"x":1}' } },
      { id: "b", type: "function", function: { name: "g", arguments: '{"y":2}' } },
    ],
  });
  return [...enc.start(), ...chunksOf(c).flatMap((ch) => enc.push(ch)), ...enc.finish()];
}

/** Renumber so that only the change under test is wrong. */
function renumber(events: ResponseStreamEvent[]): ResponseStreamEvent[] {
  return events.map((e, i) => ({ ...e, sequence_number: i }));
}

const indexOf = (events: ResponseStreamEvent[], type: string, nth = 0) =>
  events.map((e, i) => (e.type === type ? i : -1)).filter((i) => i >= 0)[nth]!;

describe("Responses event grammar validator", () => {
  it("accepts a valid stream", () => {
    expect(responseGrammarViolations(validStream())).toEqual([]);
  });

  it("fails on a duplicated sequence number", () => {
    const s = validStream();
    s[5] = { ...s[5]!, sequence_number: 4 };
    expect(responseGrammarViolations(s).join()).toMatch(/sequence_number 4, expected 5/);
  });

  it("fails on a gap in the sequence numbers", () => {
    const s = validStream().map((e, i) => (i > 3 ? { ...e, sequence_number: e.sequence_number + 1 } : e));
    expect(responseGrammarViolations(s).join()).toMatch(/sequence_number 5, expected 4/);
  });

  it("fails on a missing delta (the .done text no longer matches)", () => {
    const s = validStream();
    s.splice(indexOf(s, "response.output_text.delta"), 1);
    expect(responseGrammarViolations(renumber(s)).join()).toMatch(/output_text.done text differs/);
  });

  it("fails on a duplicated event", () => {
    const s = validStream();
    const i = indexOf(s, "response.output_item.done");
    s.splice(i, 0, s[i]!);
    expect(responseGrammarViolations(renumber(s)).join()).toMatch(/not open/);
  });

  it("fails on events out of order", () => {
    const s = validStream();
    const i = indexOf(s, "response.content_part.done");
    [s[i - 1], s[i]] = [s[i]!, s[i - 1]!];
    expect(responseGrammarViolations(renumber(s)).length).toBeGreaterThan(0);
  });

  it("fails when created and in_progress are swapped", () => {
    const s = validStream();
    [s[0], s[1]] = [s[1]!, s[0]!];
    expect(responseGrammarViolations(renumber(s)).join()).toMatch(/first event is response.in_progress/);
  });

  it("fails on a missing output_item.done", () => {
    const s = validStream();
    s.splice(indexOf(s, "response.output_item.done", 1), 1);
    expect(responseGrammarViolations(renumber(s)).join()).toMatch(/still open/);
  });

  it("fails on a missing function_call_arguments.done", () => {
    const s = validStream();
    s.splice(indexOf(s, "response.function_call_arguments.done"), 1);
    expect(responseGrammarViolations(renumber(s)).join()).toMatch(/function_call_arguments.done missing/);
  });

  it("fails without a terminal event, and on events after it", () => {
    const s = validStream();
    const end = s.pop()!;
    expect(responseGrammarViolations(s)).toContain("no terminal event (response.completed / .incomplete / .failed)");
    expect(responseGrammarViolations(renumber([...s, end, s[3]!])).join()).toMatch(/after the terminal event/);
  });

  it("fails when the final output differs from the streamed items", () => {
    const s = validStream();
    const end = s[s.length - 1]!;
    if (end.type !== "response.completed") throw new Error("expected completed");
    s[s.length - 1] = { ...end, response: { ...end.response, output: end.response.output.slice(1) } };
    expect(responseGrammarViolations(s).join()).toMatch(/terminal output differs/);
  });

  it("fails on an event that does not match its schema", () => {
    const s: unknown[] = validStream();
    s[3] = { type: "response.output_text.delta", sequence_number: 3 };
    expect(responseGrammarViolations(s).join()).toMatch(/event 3: does not match its schema/);
  });
});
