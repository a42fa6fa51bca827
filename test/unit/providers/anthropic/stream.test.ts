import { describe, expect, it } from "vitest";
import { ServiceUnavailableError, type GatewayError } from "../../../../src/errors/gateway-error.js";
import { anthropicAdapter } from "../../../../src/providers/anthropic/index.js";
import { assemble, expectSameWhereverSplit, runAdapterStream, splitEvery } from "../../../helpers/run-stream.js";
import { HELLO, NOW, fixtureText, makeCtx } from "./context.js";

function run(
  fixture: string,
  opts: { request?: Record<string, unknown>; pieces?: (b: Uint8Array) => Uint8Array[]; text?: string } = {},
) {
  const ctx = makeCtx({ request: { messages: HELLO, stream: true, ...opts.request }, stream: true });
  return runAdapterStream({
    adapter: anthropicAdapter,
    ctx,
    input: opts.text ?? fixtureText(fixture),
    pieces: opts.pieces,
  });
}

describe("anthropic stream: text", () => {
  it("maps a text stream: role first, content deltas, finish chunk with usage, then done", async () => {
    const { chunks, done, error } = await run("text.chunks.txt");
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    expect(
      chunks.every(
        (c) =>
          c.id === "msg_01TextStream" &&
          c.model === "claude-sonnet-4-5-20250929" &&
          c.created === Math.floor(NOW / 1000),
      ),
    ).toBe(true);
    const a = assemble(chunks);
    expect(a).toMatchObject({
      role: "assistant",
      content: "Hello, world — ünïcode ✓!",
      finishReason: "stop",
      toolCalls: [],
    });
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe("stop");
    expect(last.usage).toEqual({
      prompt_tokens: 25,
      completion_tokens: 15,
      total_tokens: 40,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
    });
    expect(chunks.slice(0, -1).every((c) => c.usage == null)).toBe(true);
  });

  it("gives the same chunks wherever the bytes are split (incl. inside multi-byte characters)", async () => {
    await expectSameWhereverSplit(fixtureText("text.chunks.txt"), (pieces) => run("text.chunks.txt", { pieces }));
  });

  it("accepts CRLF line endings and ignores unknown events", async () => {
    const whole = (await run("text.chunks.txt")).chunks;
    const text = fixtureText("text.chunks.txt")
      .replace("event: ping", 'event: future_thing\ndata: {"type":"future_thing"}\n\nevent: ping')
      .replace(/\n/g, "\r\n");
    expect((await run("", { text })).chunks).toEqual(whole);
  });
});

describe("anthropic stream: tool calls", () => {
  it("streams a tool call as OpenAI tool_calls deltas with a stable index and id", async () => {
    const { chunks } = await run("tool-call.chunks.txt", {
      request: { tools: [{ type: "function", function: { name: "get_weather" } }] },
    });
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({
      index: 0,
      id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    for (const d of deltas.slice(1)) {
      expect(d).toEqual({ index: 0, function: { arguments: expect.any(String) } });
      expect(d.function!.arguments).not.toBe("");
    }
    const a = assemble(chunks);
    expect(a.content).toBe("Okay, let's check the weather for San Francisco, CA:");
    expect(a.toolCalls).toHaveLength(1);
    expect(JSON.parse(a.toolCalls[0]!.arguments)).toEqual({ location: "San Francisco, CA", unit: "fahrenheit" });
    expect(a.finishReason).toBe("tool_calls");
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 472, completion_tokens: 89 });
  });

  it("numbers parallel tool calls 0, 1 in order of appearance, whatever the block index", async () => {
    for (const pieces of [undefined, (b: Uint8Array) => splitEvery(b, 7)]) {
      const { chunks } = await run("parallel-tool-calls.chunks.txt", { pieces });
      const a = assemble(chunks);
      expect(a.toolCalls.map((t) => [t.id, t.name, JSON.parse(t.arguments)])).toEqual([
        ["toolu_01Paris", "get_weather", { location: "Paris" }],
        ["toolu_01Tokyo", "get_weather", { location: "Tokyo" }],
      ]);
      expect(a.content).toBe("Checking both cities.");
      expect(a.finishReason).toBe("tool_calls");
    }
  });
});

describe("anthropic stream: reasoning", () => {
  it("streams reasoning_content and sends each thinking block whole, signature included", async () => {
    const { chunks } = await run("thinking.chunks.txt", {
      request: { reasoning_effort: "low" },
      pieces: (b) => splitEvery(b, 5),
    });
    const a = assemble(chunks);
    const thinking = "Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3";
    expect(a.reasoning).toBe(thinking);
    expect(a.content).toBe("27 * 453 = 12,231");
    expect(chunks.flatMap((c) => c.choices[0]?.delta.thinking_blocks ?? [])).toEqual([
      { type: "thinking", thinking, signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+sigNaturePart" },
      { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP" },
    ]);
    // reasoning arrives before the answer text
    const firstReasoning = chunks.findIndex((c) => c.choices[0]?.delta.reasoning_content);
    const firstContent = chunks.findIndex((c) => c.choices[0]?.delta.content);
    expect(firstReasoning).toBeGreaterThan(0);
    expect(firstReasoning).toBeLessThan(firstContent);
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 48, completion_tokens: 305 });
  });
});

describe("anthropic stream: JSON mode", () => {
  it("streams the JSON tool's input as content and finishes with stop", async () => {
    const { chunks } = await run("json-mode.chunks.txt", { request: { response_format: { type: "json_object" } } });
    const a = assemble(chunks);
    expect(a.toolCalls).toEqual([]);
    expect(JSON.parse(a.content)).toEqual({ name: "Ada Lovelace", born: 1815 });
    expect(a.finishReason).toBe("stop");
  });
});

describe("anthropic stream: usage and finish", () => {
  it("reports cached tokens on the final chunk and maps max_tokens to length", async () => {
    const { chunks } = await run("cached-usage.chunks.txt");
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe("length");
    expect(last.usage).toEqual({
      prompt_tokens: 21 + 2048 + 4096,
      completion_tokens: 64,
      total_tokens: 21 + 2048 + 4096 + 64,
      prompt_tokens_details: { cached_tokens: 4096, cache_creation_tokens: 2048 },
    });
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["pause_turn", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "stop"], // no tool call was streamed
    ["refusal", "content_filter"],
  ])("stop_reason %s → finish_reason %s", async (stop, finish) => {
    const text = fixtureText("text.chunks.txt").replace('"stop_reason":"end_turn"', `"stop_reason":"${stop}"`);
    expect(assemble((await run("", { text })).chunks).finishReason).toBe(finish);
  });
});

describe("anthropic stream: errors", () => {
  it("throws the mapped error for an in-stream error event, after the content already sent", async () => {
    const { chunks, error, done } = await run("stream-error.chunks.txt");
    expect(done).toBe(false);
    expect(assemble(chunks).content).toBe("Partial");
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as GatewayError).status).toBe(503);
    expect((error as GatewayError).code).toBe("overloaded_error");
  });

  it("never reports a stream cut before message_stop as finished", async () => {
    const { chunks, error, done } = await run("truncated.chunks.txt");
    expect(error).toBeUndefined();
    expect(done).toBe(false);
    expect(assemble(chunks)).toMatchObject({ content: "Cut off", finishReason: null });
    expect(chunks.every((c) => c.usage == null)).toBe(true);
  });
});
