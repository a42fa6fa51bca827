import { describe, expect, it } from "vitest";
import { BadGatewayError } from "../../../../src/errors/gateway-error.js";
import { bedrockAdapter } from "../../../../src/providers/bedrock/index.js";
import { parseCompletion } from "../../../helpers/parse-completion.js";
import { HELLO, MODEL, NOW, fixtureJson, makeCtx } from "./context.js";

function parse(fixture: string | Record<string, unknown>, request: Record<string, unknown> = {}) {
  const body = typeof fixture === "string" ? fixtureJson(fixture) : fixture;
  const ctx = makeCtx({ request: { messages: HELLO, ...request } });
  return parseCompletion({ adapter: bedrockAdapter, ctx, body });
}

describe("bedrock response", () => {
  it("maps a text answer with the gateway id, created time and vendor model", () => {
    expect(parse("text.response.json")).toEqual({
      id: "chatcmpl-gateway",
      object: "chat.completion",
      created: Math.floor(NOW / 1000),
      model: MODEL,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello! How can I help you today?" },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
    });
  });

  it("maps a tool call (text kept, arguments as a JSON string)", () => {
    const c = parse("tool-call.response.json", { tools: [{ type: "function", function: { name: "get_weather" } }] });
    expect(c.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: "I'll look up the weather in Paris.",
        tool_calls: [
          {
            id: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"Paris, France","unit":"celsius"}' },
          },
        ],
      },
      finish_reason: "tool_calls",
    });
  });

  it("maps parallel tool calls in order, with null content", () => {
    const c = parse("parallel-tool-calls.response.json");
    const m = c.choices[0]!.message;
    expect(m.content).toBeNull();
    expect(m.tool_calls!.map((t) => [t.id, JSON.parse(t.function.arguments)])).toEqual([
      ["tooluse_Paris01AAAAAAAAAAAAAAAA", { location: "Paris, France" }],
      ["tooluse_Tokyo02BBBBBBBBBBBBBBBB", { location: "Tokyo, Japan" }],
    ]);
    expect(c.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("json mode: the forced tool's input is the content, and the finish is a plain stop", () => {
    const c = parse("json-mode.response.json", { response_format: { type: "json_object" } });
    expect(c.choices[0]!.message).toEqual({ role: "assistant", content: '{"name":"Ada Lovelace","born":1815}' });
    expect(c.choices[0]!.finish_reason).toBe("stop");
  });

  it("maps reasoning to reasoning_content and thinking_blocks (signature and redacted blocks kept)", () => {
    const m = parse("thinking.response.json").choices[0]!.message;
    expect(m.content).toBe("2 + 2 = 4.");
    expect(m.reasoning_content).toBe("The user asks for 2+2. That is 4.");
    expect(m.thinking_blocks).toEqual([
      {
        type: "thinking",
        thinking: "The user asks for 2+2. That is 4.",
        signature: "EqoBCkgIARABGAIiQGr1Yb0XrlVx6Vt2Q0w1m9WZ5c0Xk1zZk2x0r1wq7s9E",
      },
      { type: "redacted_thinking", data: "RXJyb3IgcmVkYWN0ZWQgdGhpbmtpbmc=" },
    ]);
  });

  it("counts cache reads and writes into prompt_tokens and reports them as details", () => {
    expect(parse("cached-usage.response.json").usage).toEqual({
      prompt_tokens: 3014,
      completion_tokens: 11,
      total_tokens: 3025,
      prompt_tokens_details: { cached_tokens: 2000, cache_creation_tokens: 1000 },
    });
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["guardrail_intervened", "content_filter"],
    ["content_filtered", "content_filter"],
    ["tool_use", "tool_calls"],
  ])("stopReason %s → finish_reason %s", (stopReason, finish) => {
    const fixture = stopReason === "tool_use" ? "tool-call.response.json" : "text.response.json";
    const body = { ...fixtureJson<Record<string, unknown>>(fixture), stopReason };
    expect(parse(body).choices[0]!.finish_reason).toBe(finish);
  });

  it("tolerates a response without usage", () => {
    const { usage: _u, ...body } = fixtureJson<Record<string, unknown>>("text.response.json");
    expect(parse(body).usage).toBeUndefined();
  });

  it("a body that is not a Converse response is a 502 naming the field", () => {
    expect(() => parse({ result: "hi" })).toThrow(BadGatewayError);
    expect(() => parse({ result: "hi" })).toThrow(/output/);
  });
});
