import { describe, expect, it } from "vitest";
import { ContentPolicyViolationError, ServiceUnavailableError } from "../../../../src/errors/gateway-error.js";
import { geminiAdapter } from "../../../../src/providers/gemini/index.js";
import { assemble, expectSameWhereverSplit, runAdapterStream } from "../../../helpers/run-stream.js";
import { HELLO, NOW, fixtureText, makeCtx } from "./context.js";

function run(text: string, opts: { pieces?: (b: Uint8Array) => Uint8Array[]; model?: string } = {}) {
  const ctx = makeCtx({ request: { messages: HELLO, stream: true }, stream: true, model: opts.model });
  return runAdapterStream({ adapter: geminiAdapter, ctx, input: text, pieces: opts.pieces });
}

const data = (events: unknown[]) => events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join("");

describe("gemini stream: text", () => {
  it("maps a text stream: role first, content deltas, finish chunk, then a usage-only chunk", async () => {
    const { chunks, error } = await run(fixtureText("text.chunks.txt"));
    expect(error).toBeUndefined();
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "Hello! Grüße" });
    expect(
      chunks.every(
        (c) => c.id === "chatcmpl-gw123" && c.model === "gemini-2.0-flash" && c.created === Math.floor(NOW / 1000),
      ),
    ).toBe(true);
    expect(assemble(chunks)).toMatchObject({
      role: "assistant",
      content: "Hello! Grüße aus Zürich — how can I help? ✓",
      finishReason: "stop",
      toolCalls: [],
    });
    const finish = chunks.at(-2)!;
    expect(finish.choices).toEqual([{ index: 0, delta: {}, finish_reason: "stop" }]);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 14, total_tokens: 26 },
    });
    expect(chunks.slice(0, -1).every((c) => c.usage == null)).toBe(true);
  });

  it("gives the same chunks wherever the bytes are split (incl. inside multi-byte characters and CRLF)", async () => {
    const text = fixtureText("text.chunks.txt");
    const whole = await expectSameWhereverSplit(text, (pieces) => run(text, { pieces }));
    expect((await run(text.replace(/\r\n/g, "\n"))).chunks).toEqual(whole);
  });
});

describe("gemini stream: tool calls", () => {
  it("streams a function call as an id+name delta followed by its arguments; finish is tool_calls", async () => {
    const { chunks } = await run(fixtureText("tool-call.chunks.txt"));
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas).toEqual([
      { index: 0, id: "call_gw123_0", type: "function", function: { name: "get_weather", arguments: "" } },
      { index: 0, function: { arguments: '{"location":"Boston, MA","unit":"celsius"}' } },
    ]);
    expect(assemble(chunks)).toMatchObject({ content: "Let me check.", finishReason: "tool_calls" });
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 71, completion_tokens: 25, total_tokens: 96 });
  });

  it("streams parallel calls across events with stable 0-based indexes and distinct ids", async () => {
    const { chunks } = await run(fixtureText("parallel-tool-calls.chunks.txt"), { model: "gemini-3-pro-preview" });
    const a = assemble(chunks);
    expect(a.toolCalls).toEqual([
      {
        id: "call_gw123_0__thought__CiQBcsjafE2Xb3N0aG91Z2h0c2lnbmF0dXJlLWJ5dGVz",
        name: "get_weather",
        arguments: '{"location":"Paris"}',
      },
      { id: "call_gw123_1", name: "get_weather", arguments: '{"location":"Tokyo"}' },
      { id: "call_gw123_2", name: "get_time", arguments: "{}" },
    ]);
    expect(a.finishReason).toBe("tool_calls");
    expect(chunks.filter((c) => c.choices[0]?.delta.role === "assistant")).toHaveLength(1);
  });
});

describe("gemini stream: reasoning and usage", () => {
  it("streams thoughts as reasoning_content and puts reasoning + cached tokens in the final usage", async () => {
    const { chunks } = await run(fixtureText("thinking.chunks.txt"), { model: "gemini-2.5-flash" });
    const a = assemble(chunks);
    expect(a.reasoning).toBe(
      "**Adding the numbers**\n\nThe user asks for 17 × 23. 17 × 20 = 340, 17 × 3 = 51, total 391.",
    );
    expect(a.content).toBe("17 × 23 = **391**.");
    expect(chunks.at(-1)!.usage).toEqual({
      prompt_tokens: 2070,
      completion_tokens: 275,
      total_tokens: 2345,
      prompt_tokens_details: { cached_tokens: 2048 },
      completion_tokens_details: { reasoning_tokens: 264 },
    });
  });
});

describe("gemini stream: finish reasons", () => {
  it.each([
    ["MAX_TOKENS", "length"],
    ["SAFETY", "content_filter"],
    ["RECITATION", "content_filter"],
    ["STOP", "stop"],
  ])("%s → %s", async (reason, expected) => {
    const { chunks } = await run(
      data([
        { candidates: [{ content: { role: "model", parts: [{ text: "abc" }] }, index: 0 }] },
        {
          candidates: [{ finishReason: reason, index: 0 }],
          usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1 },
        },
      ]),
    );
    expect(assemble(chunks).finishReason).toBe(expected);
  });

  it("a candidate that only carries a finish reason still opens with the assistant role", async () => {
    const { chunks } = await run(data([{ candidates: [{ finishReason: "SAFETY", index: 0 }] }]));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.choices[0]).toEqual({ index: 0, delta: { role: "assistant" }, finish_reason: "content_filter" });
  });

  it("keeps candidates of n > 1 apart by choice index", async () => {
    const { chunks } = await run(
      data([
        {
          candidates: [
            { content: { role: "model", parts: [{ text: "A" }] }, index: 0 },
            { content: { role: "model", parts: [{ text: "B" }] }, index: 1 },
          ],
        },
        {
          candidates: [
            { finishReason: "STOP", index: 0 },
            { content: { role: "model", parts: [{ text: "b" }] }, finishReason: "MAX_TOKENS", index: 1 },
          ],
        },
      ]),
    );
    const byChoice = (i: number) =>
      assemble(chunks.map((c) => ({ ...c, choices: c.choices.filter((x) => x.index === i) })));
    expect(byChoice(0)).toMatchObject({ content: "A", finishReason: "stop", role: "assistant" });
    expect(byChoice(1)).toMatchObject({ content: "Bb", finishReason: "length", role: "assistant" });
  });
});

describe("gemini stream: errors", () => {
  it("an error event mid-stream throws the mapped error after the content before it", async () => {
    const { chunks, error } = await run(fixtureText("stream-error.chunks.txt"));
    expect(assemble(chunks).content).toBe("Partial answer");
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toContain("The model is overloaded");
  });

  it("a prompt blocked at the start of a stream is a content policy violation", async () => {
    const { chunks, error } = await run(fixtureText("prompt-blocked.chunks.txt"));
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(ContentPolicyViolationError);
  });

  it("an event that is not JSON is a 502", async () => {
    const { error } = await run("data: {not json\r\n\r\n");
    expect(error).toMatchObject({ status: 502, code: "invalid_upstream_response" });
  });
});
