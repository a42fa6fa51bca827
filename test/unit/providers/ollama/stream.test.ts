import { describe, expect, it } from "vitest";
import {
  BadGatewayError,
  InternalServerError,
  NotFoundError,
  type GatewayError,
} from "../../../../src/errors/gateway-error.js";
import { ollamaAdapter } from "../../../../src/providers/ollama/index.js";
import { assemble, expectSameWhereverSplit, runAdapterStream, splitEvery } from "../../../helpers/run-stream.js";
import { HELLO, NOW, fixtureText, makeCtx } from "./context.js";

const run = (fixture: string, opts: { pieces?: (b: Uint8Array) => Uint8Array[]; text?: string } = {}) =>
  runAdapterStream({
    adapter: ollamaAdapter,
    ctx: makeCtx({ request: { messages: HELLO, stream: true }, stream: true }),
    input: opts.text ?? fixtureText(fixture),
    pieces: opts.pieces,
  });

describe("ollama stream: text", () => {
  it("maps NDJSON lines: role first, content, finish chunk, usage chunk, done", async () => {
    const { chunks, done, error } = await run("text.chunks.txt");
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "Hello" });
    expect(
      chunks.every((c) => c.id === "chatcmpl-gw1" && c.model === "llama3.2" && c.created === Math.floor(NOW / 1000)),
    ).toBe(true);
    expect(assemble(chunks)).toMatchObject({
      role: "assistant",
      content: "Hello, wörld ✓!",
      finishReason: "stop",
      toolCalls: [],
    });
    const [fin, usage] = chunks.slice(-2);
    expect(fin!.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" });
    expect(usage).toMatchObject({ choices: [], usage: { prompt_tokens: 26, completion_tokens: 4, total_tokens: 30 } });
  });

  it("gives the same chunks wherever the bytes are split (incl. inside multi-byte characters)", async () => {
    await expectSameWhereverSplit(fixtureText("text.chunks.txt"), (pieces) => run("text.chunks.txt", { pieces }));
  });

  it("accepts CRLF line endings and a last line without a newline", async () => {
    const whole = (await run("text.chunks.txt")).chunks;
    expect((await run("", { text: fixtureText("text.chunks.txt").replace(/\n/g, "\r\n") })).chunks).toEqual(whole);
    expect((await run("", { text: fixtureText("text.chunks.txt").trimEnd() })).chunks).toEqual(whole);
  });

  it("ends with length when Ollama hit num_predict", async () => {
    expect(assemble((await run("length.chunks.txt")).chunks)).toMatchObject({
      content: "Once upon",
      finishReason: "length",
    });
  });
});

describe("ollama stream: tools and thinking", () => {
  it("sends a whole tool call as one delta with a generated id and stringified arguments", async () => {
    const { chunks } = await run("tool-call.chunks.txt");
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas).toEqual([
      {
        index: 0,
        id: "call_gw1_0",
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Toronto","unit":"celsius"}' },
      },
    ]);
    expect(assemble(chunks).finishReason).toBe("tool_calls");
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 180, completion_tokens: 24 });
  });

  it("numbers calls from separate lines 0, 1 with distinct ids", async () => {
    for (const pieces of [undefined, (b: Uint8Array) => splitEvery(b, 5)]) {
      const a = assemble((await run("parallel-tool-calls.chunks.txt", { pieces })).chunks);
      expect(a.content).toBe("Checking both.");
      expect(a.toolCalls.map((t) => [t.id, t.name, JSON.parse(t.arguments)])).toEqual([
        ["call_gw1_0", "get_weather", { city: "Paris" }],
        ["call_gw1_1", "get_weather", { city: "Tokyo" }],
      ]);
      expect(a.finishReason).toBe("tool_calls");
    }
  });

  it("streams message.thinking as reasoning_content", async () => {
    const a = assemble((await run("thinking.chunks.txt")).chunks);
    expect(a.reasoning).toBe("17 * 20 = 340, plus 51.");
    expect(a.content).toBe("17 × 23 = 391.");
  });
});

describe("ollama stream: errors", () => {
  it("throws an error line, after the content before it", async () => {
    const { chunks, error } = await run("stream-error.chunks.txt");
    expect(assemble(chunks).content).toBe("Partial");
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as GatewayError).message).toContain("unexpected EOF");
  });

  it("throws a missing model reported in the stream as NotFound", async () => {
    expect(
      (await run("", { text: '{"error":"model \\"llama9\\" not found, try pulling it first"}\n' })).error,
    ).toBeInstanceOf(NotFoundError);
  });

  it("never reports a stream cut before the done line as finished", async () => {
    const { chunks, error, done } = await run("truncated.chunks.txt");
    expect(error).toBeUndefined();
    expect(done).toBe(false);
    expect(assemble(chunks)).toMatchObject({ content: "Cut o", finishReason: null });
    expect(chunks.every((c) => c.usage == null)).toBe(true);
  });

  it("reports a line that is not JSON as a 502", async () => {
    expect((await run("", { text: "{not json\n" })).error).toBeInstanceOf(BadGatewayError);
  });
});
