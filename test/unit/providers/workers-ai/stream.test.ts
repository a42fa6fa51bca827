import { describe, expect, it } from "vitest";
import { BadGatewayError, RateLimitError } from "../../../../src/errors/gateway-error.js";
import { workersAiAdapter } from "../../../../src/providers/workers-ai/index.js";
import { assemble, expectSameWhereverSplit, runAdapterStream, splitEvery } from "../../../helpers/run-stream.js";
import { HELLO, MODEL, NOW, fixtureText, makeCtx } from "./context.js";

const run = (fixture: string, opts: { pieces?: (b: Uint8Array) => Uint8Array[]; text?: string } = {}) =>
  runAdapterStream({
    adapter: workersAiAdapter,
    ctx: makeCtx({ request: { messages: HELLO, stream: true }, stream: true }),
    input: opts.text ?? fixtureText(fixture),
    pieces: opts.pieces,
  });

describe("workers_ai stream: native (binding)", () => {
  it("maps response pieces to content; at [DONE], a finish chunk and the usage", async () => {
    const { chunks, done, error } = await run("binding-text.chunks.txt");
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "Beep" });
    expect(
      chunks.every((c) => c.id === "chatcmpl-gw2" && c.model === MODEL && c.created === Math.floor(NOW / 1000)),
    ).toBe(true);
    expect(assemble(chunks)).toMatchObject({ content: "Beep böop ✓", finishReason: "stop", toolCalls: [] });
    const [fin, usage] = chunks.slice(-2);
    expect(fin!.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" });
    expect(usage).toMatchObject({ choices: [], usage: { prompt_tokens: 18, completion_tokens: 3, total_tokens: 21 } });
  });

  it("gives the same chunks wherever the bytes are split", async () => {
    await expectSameWhereverSplit(fixtureText("binding-text.chunks.txt"), (pieces) =>
      run("binding-text.chunks.txt", { pieces }),
    );
  });

  it("maps streamed tool calls (start, argument pieces, end marker) to OpenAI deltas", async () => {
    for (const pieces of [undefined, (b: Uint8Array) => splitEvery(b, 9)]) {
      const { chunks } = await run("binding-tool-call.chunks.txt", { pieces });
      const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
      expect(deltas[0]).toEqual({
        index: 0,
        id: "chatcmpl-tool-5c1a",
        type: "function",
        function: { name: "get_weather", arguments: "" },
      });
      const a = assemble(chunks);
      expect(a.toolCalls.map((t) => [t.id, t.name, JSON.parse(t.arguments)])).toEqual([
        ["chatcmpl-tool-5c1a", "get_weather", { location: "Austin, TX" }],
        ["chatcmpl-tool-9d2b", "get_time", {}],
      ]);
      expect(a.finishReason).toBe("tool_calls");
      expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 230, completion_tokens: 33 });
    }
  });

  it("maps whole (legacy) tool calls in a stream, each with its own index and id", async () => {
    const a = assemble((await run("binding-legacy-tool-call.chunks.txt")).chunks);
    expect(a.toolCalls.map((t) => [t.id, JSON.parse(t.arguments)])).toEqual([
      ["call_gw2_0", { location: "Paris" }],
      ["call_gw2_1", { location: "Tokyo" }],
    ]);
    expect(a.finishReason).toBe("tool_calls");
  });
});

describe("workers_ai stream: OpenAI-shaped (REST)", () => {
  it("passes chunks through, usage chunk included, and ends at [DONE]", async () => {
    const { chunks, done } = await run("rest-text.chunks.txt");
    expect(done).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    expect(assemble(chunks)).toMatchObject({ content: "Beep böop ✓", finishReason: "stop" });
    expect(chunks.filter((c) => c.choices.some((ch) => ch.finish_reason))).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 18, completion_tokens: 3, total_tokens: 21 },
    });
  });

  it("keeps reasoning_content and a length finish", async () => {
    const a = assemble((await run("rest-reasoning.chunks.txt")).chunks);
    expect(a).toMatchObject({ reasoning: "17*20=340, plus 51.", content: "391", finishReason: "length" });
  });
});

describe("workers_ai stream: errors", () => {
  it("throws an error envelope inside the stream, mapped by its code", async () => {
    const { chunks, error } = await run("stream-error.chunks.txt");
    expect(assemble(chunks).content).toBe("Partial");
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as Error).message).toContain("Capacity temporarily exceeded");
  });

  it("never reports a stream cut before [DONE] as finished", async () => {
    const { chunks, error, done } = await run("truncated.chunks.txt");
    expect(error).toBeUndefined();
    expect(done).toBe(false);
    expect(assemble(chunks)).toMatchObject({ content: "Cut o", finishReason: null });
  });

  it("reports an event that is not JSON as a 502", async () => {
    expect((await run("", { text: "data: {oops\n\n" })).error).toBeInstanceOf(BadGatewayError);
  });
});
