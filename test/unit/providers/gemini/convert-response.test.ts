import { describe, expect, it } from "vitest";
import { BadGatewayError, ContentPolicyViolationError } from "../../../../src/errors/gateway-error.js";
import { geminiAdapter } from "../../../../src/providers/gemini/index.js";
import { parseCompletion } from "../../../helpers/parse-completion.js";
import { HELLO, NOW, fixtureJson, makeCtx } from "./context.js";

function parse(fixture: string | Record<string, unknown>, request: Record<string, unknown> = {}) {
  const ctx = makeCtx({ request: { messages: HELLO, ...request } });
  const body = typeof fixture === "string" ? fixtureJson(fixture) : fixture;
  return parseCompletion({ adapter: geminiAdapter, ctx, body });
}

describe("gemini response", () => {
  it("maps a text answer with the gateway id, model version and usage", () => {
    expect(parse("text.response.json")).toEqual({
      id: "chatcmpl-gw123",
      object: "chat.completion",
      created: Math.floor(NOW / 1000),
      model: "gemini-2.0-flash",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello! Grüße aus Zürich — how can I help? ✓" },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 14, total_tokens: 26 },
    });
  });

  it("maps a function call to a tool call with finish_reason tool_calls", () => {
    const c = parse("tool-call.response.json");
    expect(c.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_gw123_0",
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"Boston, MA","unit":"celsius"}' },
          },
        ],
      },
      finish_reason: "tool_calls",
    });
  });

  it("maps parallel function calls to several tool calls with distinct ids; the thought signature rides in the id", () => {
    const calls = parse("parallel-tool-calls.response.json").choices[0]!.message.tool_calls!;
    expect(calls.map((t) => [t.id, t.function.name, t.function.arguments])).toEqual([
      ["call_gw123_0__thought__CiQBcsjafE2Xb3N0aG91Z2h0c2lnbmF0dXJlLWJ5dGVz", "get_weather", '{"location":"Paris"}'],
      ["call_gw123_1", "get_weather", '{"location":"Tokyo"}'],
      ["call_gw123_2", "get_time", "{}"],
    ]);
  });

  it("round-trips a thought signature: the tool call id sent back restores it on the functionCall part", async () => {
    const calls = parse("parallel-tool-calls.response.json").choices[0]!.message.tool_calls!;
    const ctx = makeCtx({
      model: "gemini-3-pro-preview",
      request: {
        messages: [
          ...HELLO,
          { role: "assistant", content: null, tool_calls: calls },
          ...calls.map((t) => ({ role: "tool", tool_call_id: t.id, content: "ok" })),
        ],
      },
    });
    const body = JSON.parse((await geminiAdapter.buildRequest(ctx)).body as string) as {
      contents: Array<{ parts: unknown[] }>;
    };
    expect(body.contents[1]!.parts[0]).toEqual({
      functionCall: { name: "get_weather", args: { location: "Paris" } },
      thoughtSignature: "CiQBcsjafE2Xb3N0aG91Z2h0c2lnbmF0dXJlLWJ5dGVz",
    });
    expect(body.contents[1]!.parts[1]).toEqual({ functionCall: { name: "get_weather", args: { location: "Tokyo" } } });
    expect(body.contents[2]!.parts).toHaveLength(3);
  });

  it("maps thoughts to reasoning_content and reports reasoning and cached tokens", () => {
    const c = parse("thinking.response.json");
    expect(c.choices[0]!.message).toEqual({
      role: "assistant",
      content: "17 × 23 = **391**.",
      reasoning_content: "**Adding the numbers**\n\nThe user asks for 17 × 23. 17 × 20 = 340, 17 × 3 = 51, total 391.",
    });
    expect(c.usage).toEqual({
      prompt_tokens: 2070,
      completion_tokens: 275,
      total_tokens: 2345,
      prompt_tokens_details: { cached_tokens: 2048 },
      completion_tokens_details: { reasoning_tokens: 264 },
    });
  });

  it("returns JSON mode output as content", () => {
    expect(
      JSON.parse(
        parse("json-mode.response.json", { response_format: { type: "json_object" } }).choices[0]!.message.content!,
      ),
    ).toEqual({ name: "Ada Lovelace", born: 1815 });
  });

  it("maps n > 1 candidates to choices with their own finish reasons", () => {
    const c = parse("multi-candidate.response.json", { n: 2 });
    expect(c.choices.map((x) => [x.index, x.message.content, x.finish_reason])).toEqual([
      [0, "Blue.", "stop"],
      [1, "Green", "length"],
    ]);
  });

  it.each([
    ["STOP", "stop"],
    ["MAX_TOKENS", "length"],
    ["SAFETY", "content_filter"],
    ["RECITATION", "content_filter"],
    ["BLOCKLIST", "content_filter"],
    ["PROHIBITED_CONTENT", "content_filter"],
    ["SPII", "content_filter"],
    ["OTHER", "stop"],
    ["MALFORMED_FUNCTION_CALL", "stop"],
    ["LANGUAGE", "stop"],
  ])("finish reason %s → %s", (reason, expected) => {
    const body = { candidates: [{ content: { role: "model", parts: [{ text: "x" }] }, finishReason: reason }] };
    expect(parse(body).choices[0]!.finish_reason).toBe(expected);
  });

  it("a candidate stopped by safety has no content and finish_reason content_filter", () => {
    const c = parse("max-tokens.response.json");
    expect(c.choices[0]!.finish_reason).toBe("length");
    expect(parse("safety.response.json").choices[0]).toEqual({
      index: 0,
      message: { role: "assistant", content: null },
      finish_reason: "content_filter",
    });
  });

  it("a blocked prompt (no candidates, blockReason) is a content policy violation", () => {
    expect(() => parse("prompt-blocked.response.json")).toThrow(ContentPolicyViolationError);
    expect(() => parse("prompt-blocked.response.json")).toThrow(/blocked the prompt \(SAFETY\)/);
  });

  it("a body that is not a Gemini response is a 502, and so is one with no candidates", () => {
    expect(() => parse({ candidates: "nope" })).toThrow(BadGatewayError);
    expect(() => parse({ usageMetadata: { promptTokenCount: 1 } })).toThrow(BadGatewayError);
  });
});
