import { describe, expect, it } from "vitest";
import { toMessage } from "../../../../src/codecs/messages/from-chat-completion.js";
import { Message } from "../../../../src/anthropic/response.js";
import type { ChatCompletion } from "../../../../src/openai/chat-response.js";
import { GatewayError } from "../../../../src/errors/gateway-error.js";
import { parseAnthropicResponse } from "../../../../src/providers/anthropic/index.js";
import { toCompletion as bedrockCompletion } from "../../../../src/providers/bedrock/convert-response.js";
import { fixtureJson } from "../../../helpers/fixtures.js";
import { makeCtx as anthropicCtx, HELLO } from "../../providers/anthropic/context.js";
import { makeCtx as bedrockCtx } from "../../providers/bedrock/context.js";

type Choice = ChatCompletion["choices"][number];
function completion(
  message: Partial<Choice["message"]>,
  finish: Choice["finish_reason"],
  extra: object = {},
): ChatCompletion {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o",
    choices: [{ index: 0, message: { role: "assistant", content: null, ...message }, finish_reason: finish, ...extra }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}
const translated = (c: ChatCompletion, opts = {}) => Message.parse(toMessage(c, opts));

describe("ChatCompletion → Message", () => {
  it("turns a plain OpenAI answer into one text block", () => {
    expect(translated(fixtureJson("openai/chat-completion.json"))).toEqual({
      id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
      type: "message",
      role: "assistant",
      model: "gpt-4.1-2025-04-14",
      content: [{ type: "text", text: "Hello! How can I assist you today?" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 19, output_tokens: 10, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
  });

  it("puts thinking (signed and redacted) first, then text, from the Claude adapter's answer", () => {
    const ctx = anthropicCtx({ request: { messages: HELLO } });
    const chat = parseAnthropicResponse(ctx, fixtureJson("anthropic/thinking.response.json"));
    expect(translated(chat).content).toEqual([
      {
        type: "thinking",
        thinking: "The user asks for 27 * 453. 27 * 453 = 12231.",
        signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+sigNaturePart",
      },
      { type: "redacted_thinking", data: expect.stringMatching(/^EmwKAhgBEgy3/) },
      { type: "text", text: "27 × 453 = 12,231." },
    ]);
  });

  it("reads parallel tool calls from a Bedrock answer as tool_use blocks with parsed input", () => {
    const ctx = bedrockCtx({ request: { messages: HELLO } });
    const m = translated(bedrockCompletion(ctx, fixtureJson("bedrock/parallel-tool-calls.response.json")));
    expect(m.stop_reason).toBe("tool_use");
    const uses = m.content.filter((b) => b.type === "tool_use");
    expect(uses.length).toBeGreaterThanOrEqual(2);
    for (const u of uses) expect(typeof u.input).toBe("object");
  });

  it("keeps unsigned reasoning as one thinking block", () => {
    const m = translated(completion({ content: "4", reasoning_content: "2+2" }, "stop"));
    expect(m.content).toEqual([
      { type: "thinking", thinking: "2+2", signature: "" },
      { type: "text", text: "4" },
    ]);
  });

  it("calls a stop with tool calls a tool_use turn; empty arguments are {}", () => {
    const m = translated(
      completion(
        {
          content: "Checking.",
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "now", arguments: "" } },
            { id: "call_2", type: "function", function: { name: "get", arguments: '{"q":[1,2]}' } },
          ],
        },
        "stop",
      ),
    );
    expect(m.content).toEqual([
      { type: "text", text: "Checking." },
      { type: "tool_use", id: "call_1", name: "now", input: {} },
      { type: "tool_use", id: "call_2", name: "get", input: { q: [1, 2] } },
    ]);
    expect(m.stop_reason).toBe("tool_use");
  });

  it("refuses tool arguments that are not a JSON object with a 502", () => {
    const bad = completion(
      { tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "[1]" } }] },
      "tool_calls",
    );
    let e: unknown;
    try {
      toMessage(bad);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).status).toBe(502);
    expect((e as GatewayError).message).toContain('"f"');
  });

  it.each([
    ["length", {}, { stop_reason: "max_tokens", stop_sequence: null }],
    ["content_filter", {}, { stop_reason: "refusal", stop_sequence: null }],
    ["stop", { stop_reason: "###" }, { stop_reason: "stop_sequence", stop_sequence: "###" }],
    ["stop", { matched_stop: "###" }, { stop_reason: "stop_sequence", stop_sequence: "###" }],
    ["stop", { stop_reason: "elsewhere" }, { stop_reason: "end_turn", stop_sequence: null }],
    [null, {}, { stop_reason: "end_turn", stop_sequence: null }],
  ] as const)("finish_reason %s %j → %j", (finish, extra, expected) => {
    const m = translated(completion({ content: "x" }, finish, extra), { stopSequences: ["###"] });
    expect({ stop_reason: m.stop_reason, stop_sequence: m.stop_sequence }).toEqual(expected);
  });

  it("reports a refusal as text", () => {
    const m = translated(completion({ content: null, refusal: "I can't help with that." }, "content_filter"));
    expect(m.content).toEqual([{ type: "text", text: "I can't help with that." }]);
  });

  it("splits cache reads and writes out of prompt_tokens", () => {
    const c = completion({ content: "x" }, "stop");
    c.usage = {
      prompt_tokens: 1000,
      completion_tokens: 40,
      total_tokens: 1040,
      prompt_tokens_details: { cached_tokens: 600, cache_creation_tokens: 100 },
    };
    expect(translated(c).usage).toEqual({
      input_tokens: 300,
      output_tokens: 40,
      cache_read_input_tokens: 600,
      cache_creation_input_tokens: 100,
    });
  });

  it("reports the model name it is told to", () => {
    expect(translated(completion({ content: "x" }, "stop"), { model: "my-group" }).model).toBe("my-group");
  });
});
