import { describe, expect, it } from "vitest";
import { BadGatewayError, GatewayError, RateLimitError } from "../../../../src/errors/gateway-error.js";
import { bedrockAdapter } from "../../../../src/providers/bedrock/index.js";
import { bedrockEvent, concatBytes, encodeMessage } from "../../../helpers/event-stream.js";
import { assemble, expectSameWhereverSplit, runAdapterStream, splitEvery } from "../../../helpers/run-stream.js";
import { HELLO, MODEL, NOW, fixtureStream, makeCtx } from "./context.js";

function run(
  bytes: Uint8Array,
  opts: { request?: Record<string, unknown>; pieces?: (b: Uint8Array) => Uint8Array[] } = {},
) {
  const ctx = makeCtx({ request: { messages: HELLO, stream: true, ...opts.request }, stream: true });
  return runAdapterStream({ adapter: bedrockAdapter, ctx, input: bytes, pieces: opts.pieces });
}

describe("bedrock stream: text", () => {
  it("role first, content deltas, then one final chunk with finish_reason and usage, then done", async () => {
    const { chunks, done, error } = await run(fixtureStream("text.events.json"));
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    expect(
      chunks.every((c) => c.id === "chatcmpl-gateway" && c.model === MODEL && c.created === Math.floor(NOW / 1000)),
    ).toBe(true);
    expect(assemble(chunks)).toMatchObject({
      role: "assistant",
      content: "Hello, wörld — ünïcode ✓!",
      finishReason: "stop",
      toolCalls: [],
    });
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([{ index: 0, delta: {}, finish_reason: "stop" }]);
    expect(last.usage).toEqual({
      prompt_tokens: 3025,
      completion_tokens: 15,
      total_tokens: 3040,
      prompt_tokens_details: { cached_tokens: 2000, cache_creation_tokens: 1000 },
    });
    expect(chunks.slice(0, -1).every((c) => c.usage == null && c.choices[0]!.finish_reason === null)).toBe(true);
  });

  it("gives the same chunks wherever the bytes are split (incl. inside frames and multi-byte characters)", async () => {
    const bytes = fixtureStream("text.events.json");
    await expectSameWhereverSplit(bytes, (pieces) => run(bytes, { pieces }));
  });

  it("ignores events it does not use (future event types, non-JSON-relevant fields)", async () => {
    const bytes = fixtureStream("text.events.json");
    const extra = bedrockEvent("someFutureEvent", { whatever: true });
    const whole = (await run(bytes)).chunks;
    expect((await run(concatBytes([extra, bytes]))).chunks).toEqual(whole);
  });

  it("emits the finish chunk at the end when the stream closes after messageStop without metadata", async () => {
    const bytes = concatBytes([
      bedrockEvent("messageStart", { role: "assistant" }),
      bedrockEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "cut" } }),
      bedrockEvent("messageStop", { stopReason: "max_tokens" }),
    ]);
    const { chunks, done } = await run(bytes);
    expect(done).toBe(false);
    expect(assemble(chunks)).toMatchObject({ content: "cut", finishReason: "length" });
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("length");
  });
});

describe("bedrock stream: tool calls", () => {
  it("a tool call: first delta has index, id, type, name and empty arguments; then argument pieces", async () => {
    const { chunks } = await run(fixtureStream("tool-call.events.json"), {
      request: { tools: [{ type: "function", function: { name: "get_weather" } }] },
    });
    const toolDeltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    expect(
      toolDeltas.slice(1).every((d) => d.index === 0 && d.id === undefined && d.function?.name === undefined),
    ).toBe(true);
    const a = assemble(chunks);
    expect(a.content).toBe("I'll look up the weather.");
    expect(a.toolCalls).toEqual([
      {
        id: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
        name: "get_weather",
        arguments: '{"location": "Paris, France", "unit": "celsius"}',
      },
    ]);
    expect(a.finishReason).toBe("tool_calls");
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 402, completion_tokens: 71, total_tokens: 473 });
  });

  it("parallel tool calls get stable 0-based indexes, whatever the content block index", async () => {
    const bytes = fixtureStream("parallel-tool-calls.events.json");
    const { chunks } = await run(bytes);
    expect(assemble(chunks).toolCalls).toEqual([
      { id: "tooluse_Paris01AAAAAAAAAAAAAAAA", name: "get_weather", arguments: '{"location": "Paris, France"}' },
      { id: "tooluse_Tokyo02BBBBBBBBBBBBBBBB", name: "get_weather", arguments: '{"location": "Tokyo, Japan"}' },
    ]);
    expect((await run(bytes, { pieces: (b) => splitEvery(b, 7) })).chunks).toEqual(chunks);
  });

  it("json mode: the json tool's input streams as content and the finish is stop", async () => {
    const { chunks } = await run(fixtureStream("json-mode.events.json"), {
      request: { response_format: { type: "json_object" } },
    });
    const a = assemble(chunks);
    expect(a.content).toBe('{"name": "Ada Lovelace", "born": 1815}');
    expect(JSON.parse(a.content)).toEqual({ name: "Ada Lovelace", born: 1815 });
    expect(a.toolCalls).toEqual([]);
    expect(a.finishReason).toBe("stop");
  });

  it("without json mode, a tool that happens to be named json_tool_call is an ordinary tool call", async () => {
    const { chunks } = await run(fixtureStream("json-mode.events.json"));
    expect(assemble(chunks)).toMatchObject({
      content: "",
      finishReason: "tool_calls",
      toolCalls: [{ name: "json_tool_call" }],
    });
  });
});

describe("bedrock stream: reasoning", () => {
  it("reasoning text → reasoning_content (+ thinking_blocks); signature and redacted content → thinking_blocks", async () => {
    const { chunks } = await run(fixtureStream("thinking.events.json"), { request: { reasoning_effort: "low" } });
    const a = assemble(chunks);
    expect(a.reasoning).toBe("The user asks for 2+2. That is 4.");
    expect(a.content).toBe("2 + 2 = 4.");
    const blocks = chunks.flatMap((c) => c.choices[0]?.delta.thinking_blocks ?? []);
    expect(blocks).toContainEqual({
      type: "thinking",
      thinking: "",
      signature: "EqoBCkgIARABGAIiQGr1Yb0XrlVx6Vt2Q0w1m9WZ5c0Xk1zZk2x0r1wq7s9E",
    });
    expect(blocks).toContainEqual({ type: "redacted_thinking", data: "RXJyb3IgcmVkYWN0ZWQgdGhpbmtpbmc=" });
    expect(a.finishReason).toBe("stop");
  });
});

describe("bedrock stream: errors inside the stream", () => {
  it("throttlingException after some text → RateLimitError with Bedrock's message", async () => {
    const { chunks, error } = await run(fixtureStream("stream-error.events.json"));
    expect(assemble(chunks).content).toBe("Once upon a");
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as GatewayError).message).toBe("bedrock error: Too many tokens, please wait before trying again.");
    expect((error as GatewayError).code).toBe("throttlingexception");
  });

  it("modelStreamErrorException → BadGateway carrying the model's original message", async () => {
    const { error } = await run(fixtureStream("model-stream-error.events.json"));
    expect(error).toBeInstanceOf(BadGatewayError);
    expect((error as GatewayError).message).toContain("Overloaded");
  });

  it.each([
    ["validationException", { message: "Input is too long for requested model." }, "ContextWindowExceededError", 400],
    ["validationException", { message: "messages.1: bad block" }, "BadRequestError", 400],
    ["internalServerException", { message: "boom" }, "InternalServerError", 500],
    ["serviceUnavailableException", { message: "later" }, "ServiceUnavailableError", 503],
  ])("%s %j → %s", async (type, payload, kind, status) => {
    const bytes = concatBytes([
      bedrockEvent("messageStart", { role: "assistant" }),
      encodeMessage(
        { ":exception-type": type, ":content-type": "application/json", ":message-type": "exception" },
        JSON.stringify(payload),
      ),
    ]);
    const { error } = await run(bytes);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).kind).toBe(kind);
    expect((error as GatewayError).status).toBe(status);
  });

  it("a generic :message-type error frame (error code and message in headers) is an error too", async () => {
    const bytes = encodeMessage(
      { ":message-type": "error", ":error-code": "InternalFailure", ":error-message": "stream broke" },
      "",
    );
    const { error } = await run(bytes);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toBe("bedrock error: stream broke");
  });

  it("a corrupted frame surfaces as a 502 from the decoder", async () => {
    const bytes = fixtureStream("text.events.json");
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    const { error } = await run(bytes);
    expect(error).toBeInstanceOf(BadGatewayError);
  });

  it("an event payload that is not the documented shape is a 502", async () => {
    const { error } = await run(bedrockEvent("contentBlockDelta", { delta: { text: "no index" } }));
    expect(error).toBeInstanceOf(BadGatewayError);
  });
});
