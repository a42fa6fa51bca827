import { describe, expect, it } from "vitest";
import { BadGatewayError } from "../../../../src/errors/gateway-error.js";
import { parseAnthropicResponse } from "../../../../src/providers/anthropic/index.js";
import { parseCompletion } from "../../../helpers/parse-completion.js";
import { HELLO, NOW, fixtureJson, makeCtx } from "./context.js";

const parse = (fixture: string | Record<string, unknown>, request: Record<string, unknown> = { messages: HELLO }) => {
  const body = typeof fixture === "string" ? fixtureJson(fixture) : fixture;
  return parseCompletion({ adapter: { parseResponse: parseAnthropicResponse }, ctx: makeCtx({ request }), body });
};

const withStop = (stop_reason: string | null) => ({ ...(fixtureJson("text.response.json") as object), stop_reason });

describe("anthropic response", () => {
  it("maps a text message", () => {
    expect(parse("text.response.json")).toEqual({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      object: "chat.completion",
      created: Math.floor(NOW / 1000),
      model: "claude-sonnet-4-5-20250929",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello! How can I help you today?" },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 12,
        total_tokens: 24,
        prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
      },
    });
  });

  it("maps a tool call with its text preamble", () => {
    const c = parse("tool-call.response.json");
    expect(c.choices[0]!.message).toEqual({
      role: "assistant",
      content: "I'll check the weather in San Francisco.",
      tool_calls: [
        {
          id: "toolu_01A09q90qw90lq917835lq9",
          type: "function",
          function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
        },
      ],
    });
    expect(c.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("maps parallel tool calls in order, content null when there is no text", () => {
    const m = parse("parallel-tool-calls.response.json").choices[0]!.message;
    expect(m.content).toBeNull();
    expect(m.tool_calls!.map((t) => [t.id, t.function.name, JSON.parse(t.function.arguments)])).toEqual([
      ["toolu_01Paris", "get_weather", { location: "Paris" }],
      ["toolu_01Tokyo", "get_weather", { location: "Tokyo" }],
      ["toolu_01Time", "get_time", {}],
    ]);
  });

  it("returns thinking as reasoning_content and thinking_blocks (signatures and redacted blocks kept)", () => {
    const m = parse("thinking.response.json", { messages: HELLO, reasoning_effort: "low" }).choices[0]!.message;
    expect(m.content).toBe("27 × 453 = 12,231.");
    expect(m.reasoning_content).toBe("The user asks for 27 * 453. 27 * 453 = 12231.");
    expect(m.thinking_blocks).toEqual([
      {
        type: "thinking",
        thinking: "The user asks for 27 * 453. 27 * 453 = 12231.",
        signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+sigNaturePart",
      },
      {
        type: "redacted_thinking",
        data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB9URj2pLmN3kJ",
      },
    ]);
  });

  it("returns the JSON tool's input as content with finish_reason stop in JSON mode", () => {
    const c = parse("json-mode.response.json", { messages: HELLO, response_format: { type: "json_object" } });
    expect(c.choices[0]!.message.tool_calls).toBeUndefined();
    expect(JSON.parse(c.choices[0]!.message.content!)).toEqual({
      name: "Ada Lovelace",
      born: 1815,
      languages: ["English", "French"],
    });
    expect(c.choices[0]!.finish_reason).toBe("stop");
  });

  it("treats json_tool_call as an ordinary tool outside JSON mode", () => {
    const c = parse("json-mode.response.json");
    expect(c.choices[0]!.message.tool_calls![0]!.function.name).toBe("json_tool_call");
    expect(c.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("counts cached tokens into prompt_tokens and reports them in the details", () => {
    expect(parse("cached-usage.response.json").usage).toEqual({
      prompt_tokens: 21 + 188086 + 1024,
      completion_tokens: 393,
      total_tokens: 21 + 188086 + 1024 + 393,
      prompt_tokens_details: { cached_tokens: 1024, cache_creation_tokens: 188086 },
    });
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["pause_turn", "stop"],
    ["max_tokens", "length"],
    ["refusal", "content_filter"],
    [null, "stop"],
  ])("stop_reason %s → finish_reason %s", (stop, finish) => {
    expect(parse(withStop(stop)).choices[0]!.finish_reason).toBe(finish);
  });

  it("uses the gateway id and deployment model when the upstream leaves them out", () => {
    const c = parse({
      content: [{ type: "text", text: "x" }],
      stop_reason: "end_turn",
      usage: { input_tokens: 1, output_tokens: 1 },
    });
    expect(c.id).toBe("chatcmpl-gateway");
    expect(c.model).toBe("claude-sonnet-4-5-20250929");
  });

  it("ignores server-side blocks it cannot express", () => {
    const c = parse({
      id: "m",
      model: "claude",
      stop_reason: "end_turn",
      usage: { input_tokens: 1, output_tokens: 1 },
      content: [
        { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
        { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
        { type: "text", text: "Found it." },
      ],
    });
    expect(c.choices[0]!.message).toEqual({ role: "assistant", content: "Found it." });
  });

  it("rejects a body that is not an Anthropic message with a 502", () => {
    expect(() => parseAnthropicResponse(makeCtx({ request: { messages: HELLO } }), { content: "nope" })).toThrow(
      BadGatewayError,
    );
  });
});
