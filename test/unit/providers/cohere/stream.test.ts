import { describe, expect, it } from "vitest";
import {
  BadGatewayError,
  InternalServerError,
  TimeoutError,
  type GatewayError,
} from "../../../../src/errors/gateway-error.js";
import { cohereAdapter } from "../../../../src/providers/cohere/index.js";
import { assemble, expectSameWhereverSplit, runAdapterStream, splitEvery } from "../../../helpers/run-stream.js";
import { HELLO, NOW, fixtureText, makeCtx } from "./context.js";

const run = (fixture: string, opts: { pieces?: (b: Uint8Array) => Uint8Array[]; text?: string } = {}) =>
  runAdapterStream({
    adapter: cohereAdapter,
    ctx: makeCtx({ request: { messages: HELLO, stream: true }, stream: true }),
    input: opts.text ?? fixtureText(fixture),
    pieces: opts.pieces,
  });

describe("cohere stream: text", () => {
  it("maps a text stream: role first, content deltas, finish chunk, then usage, then done", async () => {
    const { chunks, done, error } = await run("text.chunks.txt");
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    expect(
      chunks.every(
        (c) =>
          c.id === "29f14a5a-11de-4cae-9800-25e4747408ea" &&
          c.model === "command-a-03-2025" &&
          c.created === Math.floor(NOW / 1000),
      ),
    ).toBe(true);
    expect(assemble(chunks)).toMatchObject({
      role: "assistant",
      content: "Hello, wörld ✓!",
      finishReason: "stop",
      toolCalls: [],
    });
    const [fin, usage] = chunks.slice(-2);
    expect(fin!.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" });
    expect(usage).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } });
    expect(chunks.slice(0, -1).every((c) => c.usage == null)).toBe(true);
  });

  it("gives the same chunks wherever the bytes are split (incl. inside multi-byte characters)", async () => {
    await expectSameWhereverSplit(fixtureText("text.chunks.txt"), (pieces) => run("text.chunks.txt", { pieces }));
  });

  it("accepts CRLF line endings and ignores unknown and citation events", async () => {
    const whole = (await run("text.chunks.txt")).chunks;
    const text = fixtureText("text.chunks.txt")
      .replace(
        "event: content-end",
        'event: citation-start\ndata: {"type":"citation-start","index":0,"delta":{"message":{"citations":{"start":0,"end":5,"text":"Hello"}}}}\n\nevent: future-thing\ndata: {"type":"future-thing"}\n\nevent: content-end',
      )
      .replace(/\n/g, "\r\n");
    expect((await run("", { text })).chunks).toEqual(whole);
  });
});

describe("cohere stream: tools and reasoning", () => {
  it("streams the tool plan as content and a tool call as OpenAI deltas", async () => {
    const { chunks } = await run("tool-call.chunks.txt");
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({
      index: 0,
      id: "get_weather_nsz5zm3w56q3",
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    for (const d of deltas.slice(1)) expect(d).toEqual({ index: 0, function: { arguments: expect.any(String) } });
    const a = assemble(chunks);
    expect(a.content).toBe("I will check the weather.");
    expect(JSON.parse(a.toolCalls[0]!.arguments)).toEqual({ location: "Toronto" });
    expect(a.finishReason).toBe("tool_calls");
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 37, completion_tokens: 28 });
  });

  it("numbers parallel tool calls 0, 1 wherever the bytes are split", async () => {
    for (const pieces of [undefined, (b: Uint8Array) => splitEvery(b, 7)]) {
      const a = assemble((await run("parallel-tool-calls.chunks.txt", { pieces })).chunks);
      expect(a.toolCalls.map((t) => [t.id, t.name, JSON.parse(t.arguments)])).toEqual([
        ["get_weather_paris01", "get_weather", { location: "Paris" }],
        ["get_weather_tokyo02", "get_weather", { location: "Tokyo" }],
      ]);
      expect(a.finishReason).toBe("tool_calls");
    }
  });

  it("follows tool calls that come without indexes (one call at a time)", async () => {
    const text = fixtureText("parallel-tool-calls.chunks.txt").replace(/"index":\d,/g, "");
    const a = assemble((await run("", { text })).chunks);
    expect(a.toolCalls.map((t) => JSON.parse(t.arguments))).toEqual([{ location: "Paris" }, { location: "Tokyo" }]);
  });

  it("streams thinking as reasoning_content before the answer", async () => {
    const { chunks } = await run("thinking.chunks.txt");
    const a = assemble(chunks);
    expect(a.reasoning).toBe("17 * 20 = 340, plus 51 is 391.");
    expect(a.content).toBe("17 × 23 = 391.");
    const firstText = chunks.findIndex((c) => c.choices[0]?.delta.content);
    const lastThought = chunks.findLastIndex((c) => c.choices[0]?.delta.reasoning_content);
    expect(lastThought).toBeLessThan(firstText);
  });
});

describe("cohere stream: finish reasons and errors", () => {
  const ending = (finish: string) =>
    fixtureText("text.chunks.txt").replace('"finish_reason":"COMPLETE"', `"finish_reason":"${finish}"`);

  it.each([
    ["MAX_TOKENS", "length"],
    ["STOP_SEQUENCE", "stop"],
    ["ERROR_TOXIC", "content_filter"],
  ])("maps a %s ending to %s", async (finish, openai) => {
    expect(assemble((await run("", { text: ending(finish) })).chunks).finishReason).toBe(openai);
  });

  it("throws the error of an ERROR ending, after the content before it", async () => {
    const { chunks, error } = await run("stream-error.chunks.txt");
    expect(assemble(chunks).content).toBe("Partial");
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as GatewayError).message).toContain("internal generation failure");
  });

  it("throws a timeout for a TIMEOUT ending", async () => {
    expect((await run("", { text: ending("TIMEOUT") })).error).toBeInstanceOf(TimeoutError);
  });

  it("never reports a stream cut before message-end as finished", async () => {
    const { chunks, error, done } = await run("truncated.chunks.txt");
    expect(error).toBeUndefined();
    expect(done).toBe(false);
    expect(assemble(chunks)).toMatchObject({ content: "Cut o", finishReason: null });
    expect(chunks.every((c) => c.usage == null)).toBe(true);
  });

  it("reports an event that is not JSON as a 502", async () => {
    const text = "event: content-delta\ndata: {not json\n\n";
    expect((await run("", { text })).error).toBeInstanceOf(BadGatewayError);
  });
});
