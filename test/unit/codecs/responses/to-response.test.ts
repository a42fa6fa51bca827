import { describe, expect, it } from "vitest";
import { decodeThinking } from "../../../../src/codecs/responses/reasoning.js";
import { toResponse } from "../../../../src/codecs/responses/to-response.js";
import { ResponseObject } from "../../../../src/responses/response.js";
import { completion, RESP_NOW, responseContext } from "../../../helpers/responses-fixtures.js";

describe("chat completion → Response object", () => {
  it("echoes the request's settings with OpenAI's defaults", () => {
    const r = toResponse(completion({ content: "Hi" }), responseContext({ input: "Hello" }));
    expect(ResponseObject.safeParse(r).success).toBe(true);
    expect(r).toEqual({
      id: "resp-test-1",
      object: "response",
      created_at: RESP_NOW / 1000,
      status: "completed",
      background: false,
      error: null,
      incomplete_details: null,
      instructions: null,
      max_output_tokens: null,
      model: "claude-group",
      output: [
        {
          id: "msg-1",
          type: "message",
          status: "completed",
          role: "assistant",
          content: [{ type: "output_text", annotations: [], text: "Hi" }],
        },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      store: true,
      temperature: null,
      text: { format: { type: "text" } },
      tool_choice: "auto",
      tools: [],
      top_p: null,
      truncation: "disabled",
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 7,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 19,
      },
      metadata: {},
    });
  });

  it("echoes what the client set", () => {
    const tools = [{ type: "function", name: "f", parameters: { type: "object" } }];
    const format = { type: "json_schema", name: "o", schema: { type: "object" } };
    const r = toResponse(
      completion({ content: "{}" }),
      responseContext({
        instructions: "I",
        tools,
        tool_choice: "required",
        temperature: 0.1,
        top_p: 0.5,
        max_output_tokens: 9,
        metadata: { a: "b" },
        user: "u",
        store: false,
        previous_response_id: "resp-0",
        parallel_tool_calls: false,
        text: { format },
        reasoning: { effort: "low", generate_summary: "concise" },
      }),
    );
    expect(r).toMatchObject({
      instructions: "I",
      tools,
      tool_choice: "required",
      temperature: 0.1,
      top_p: 0.5,
      max_output_tokens: 9,
      metadata: { a: "b" },
      user: "u",
      store: false,
      previous_response_id: "resp-0",
      parallel_tool_calls: false,
      text: { format },
      reasoning: { effort: "low", summary: "concise" },
    });
  });

  it("orders output as reasoning, message, function calls", () => {
    const r = toResponse(
      completion({
        reasoning_content: "plan",
        thinking_blocks: [{ type: "redacted_thinking", data: "xyz" }],
        content: "Calling.",
        tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } }],
      }),
      responseContext({ reasoning: { summary: "auto" } }),
    );
    expect(r.output.map((o) => [o.type, o.id])).toEqual([
      ["reasoning", "rs-1"],
      ["message", "msg-2"],
      ["function_call", "fc-3"],
    ]);
    expect(r.output[2]).toEqual({
      id: "fc-3",
      type: "function_call",
      status: "completed",
      arguments: '{"a":1}',
      call_id: "call_1",
      name: "f",
    });
    expect(decodeThinking(r.output[0]!.encrypted_content as string, "anthropic")).toEqual([
      { type: "redacted_thinking", data: "xyz" },
    ]);
  });

  it("leaves encrypted_content out when the vendor signed nothing", () => {
    const r = toResponse(completion({ reasoning_content: "plan", content: "x" }), responseContext());
    expect(r.output[0]).toEqual({ id: "rs-1", type: "reasoning", summary: [] });
  });

  it("is incomplete after a length cap, with its last item", () => {
    const r = toResponse(
      completion(
        { content: "a", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: '{"a' } }] },
        { finish: "length" },
      ),
      responseContext(),
    );
    expect([r.status, r.incomplete_details]).toEqual(["incomplete", { reason: "max_output_tokens" }]);
    expect(r.output.map((o) => o.status)).toEqual(["completed", "incomplete"]);
  });

  it("has null usage when the vendor reported none", () => {
    const c = completion({ content: "a" });
    delete c.usage;
    expect(toResponse(c, responseContext()).usage).toBeNull();
  });
});
