import { describe, expect, it } from "vitest";
import { encodeThinking } from "../../../../src/codecs/responses/reasoning.js";
import { toChatRequest } from "../../../../src/codecs/responses/to-chat-request.js";
import type { GatewayError } from "../../../../src/errors/gateway-error.js";
import { ChatCompletionRequest } from "../../../../src/openai/chat-request.js";
import type { Item } from "../../../../src/responses/items.js";
import { ResponseCreateRequest } from "../../../../src/responses/request.js";

const ANTHROPIC = { name: 'anthropic model "claude-group"', provider: "anthropic" };

function chat(body: Record<string, unknown>, history: Item[] = [], target = ANTHROPIC) {
  const out = toChatRequest({
    request: ResponseCreateRequest.parse({ model: "claude-group", ...body }),
    history,
    target,
  });
  // What the translation produces is a valid chat request for the rest of the gateway.
  expect(ChatCompletionRequest.safeParse(out).success).toBe(true);
  return out;
}

function refused(body: Record<string, unknown>, history: Item[] = []): GatewayError {
  try {
    chat(body, history);
  } catch (e) {
    return e as GatewayError;
  }
  throw new Error("expected a 400");
}

describe("Responses request → chat request", () => {
  it("turns a string input into a user message, after the instructions as a system message", () => {
    expect(chat({ instructions: "Be brief.", input: "Hi" })).toEqual({
      model: "claude-group",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
    });
  });

  it("maps message parts: text, images (with detail) and files", () => {
    const { messages } = chat({
      input: [
        { role: "developer", content: "Answer in French." },
        {
          role: "user",
          content: [
            { type: "input_text", text: "Describe" },
            { type: "input_image", image_url: "data:image/png;base64,iVBO", detail: "low" },
            { type: "input_image", image_url: "https://x/y.png", detail: "original" },
            { type: "input_file", file_data: "data:application/pdf;base64,JVBE", filename: "a.pdf" },
            { type: "input_file", file_url: "https://x/b.pdf" },
            { type: "input_file", file_id: "file-1" },
          ],
        },
      ],
    });
    expect(messages).toEqual([
      { role: "developer", content: "Answer in French." },
      {
        role: "user",
        content: [
          { type: "text", text: "Describe" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBO", detail: "low" } },
          { type: "image_url", image_url: { url: "https://x/y.png" } },
          { type: "file", file: { file_data: "data:application/pdf;base64,JVBE", filename: "a.pdf" } },
          { type: "file", file: { file_data: "https://x/b.pdf" } },
          { type: "file", file: { file_id: "file-1" } },
        ],
      },
    ]);
  });

  it("refuses an image given only as an OpenAI file id, naming the part", () => {
    const e = refused({
      input: [{ role: "user", content: [{ type: "input_image", file_id: "file-1", detail: "auto" }] }],
    });
    expect([e.status, e.param]).toEqual([400, "input[0].content[0]"]);
    expect(e.message).toContain("image_url");
  });

  it("joins an assistant turn (text, calls) into one assistant message, then tool messages answer the calls", () => {
    const { messages } = chat({
      input: [
        { role: "user", content: "Weather in Paris and Rome?" },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "Checking." }] },
        { type: "function_call", call_id: "c1", name: "weather", arguments: '{"city":"Paris"}' },
        { type: "function_call", call_id: "c2", name: "weather", arguments: '{"city":"Rome"}' },
        { type: "function_call_output", call_id: "c1", output: "sunny" },
        { type: "function_call_output", call_id: "c2", output: [{ type: "input_text", text: "rain" }] },
      ],
    });
    expect(messages).toEqual([
      { role: "user", content: "Weather in Paris and Rome?" },
      {
        role: "assistant",
        content: "Checking.",
        tool_calls: [
          { id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
          { id: "c2", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "sunny" },
      { role: "tool", tool_call_id: "c2", content: [{ type: "text", text: "rain" }] },
    ]);
  });

  it("gives a provider back the thinking it signed, with the summary as reasoning_content", () => {
    const blocks = [{ type: "thinking" as const, thinking: "hmm", signature: "sig" }];
    const reasoning = {
      type: "reasoning",
      summary: [{ type: "summary_text", text: "hmm" }],
      encrypted_content: encodeThinking(blocks, "anthropic"),
    };
    const input = [
      { role: "user", content: "Q" },
      reasoning,
      { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
    ];
    expect(chat({ input }).messages[1]).toEqual({
      role: "assistant",
      content: null,
      reasoning_content: "hmm",
      thinking_blocks: blocks,
      tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }],
    });
    // Another vendor would reject a signature it did not issue: only the text goes to it.
    const gemini = toChatRequest({
      request: ResponseCreateRequest.parse({ model: "g", input }),
      history: [],
      target: { name: "gemini", provider: "gemini" },
    });
    expect(gemini.messages[1]).not.toHaveProperty("thinking_blocks");
    expect(gemini.messages[1]).toMatchObject({ reasoning_content: "hmm" });
  });

  it("starts a new assistant turn at a reasoning item that follows text or calls", () => {
    const { messages } = chat({
      input: [
        { role: "user", content: "Q" },
        { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
        { type: "reasoning", summary: [{ type: "summary_text", text: "next" }] },
        { type: "message", role: "assistant", content: "A" },
      ],
    });
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "assistant"]);
    expect(messages[2]).toMatchObject({ content: "A", reasoning_content: "next" });
  });

  it("refuses input items only OpenAI runs, naming the type and the item", () => {
    const e = refused({
      input: [
        { role: "user", content: "Q" },
        { type: "item_reference", id: "msg_1" },
      ],
    });
    expect([e.status, e.param]).toEqual([400, "input[1]"]);
    expect(e.message).toContain('"item_reference"');
    expect(e.message).toContain("claude-group");
  });

  it("puts the stored history first, leaving out OpenAI-only items of it; instructions are the current request's", () => {
    const history: Item[] = [
      { type: "message", id: "msg_1", role: "user", content: [{ type: "input_text", text: "Find news" }] },
      { type: "web_search_call", id: "ws_1", status: "completed" },
      {
        type: "message",
        id: "msg_2",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Here.", annotations: [] }],
      },
    ];
    expect(chat({ instructions: "Now terse.", input: "More?" }, history).messages).toEqual([
      { role: "system", content: "Now terse." },
      { role: "user", content: [{ type: "text", text: "Find news" }] },
      { role: "assistant", content: "Here." },
      { role: "user", content: "More?" },
    ]);
  });

  it.each(["web_search", "file_search", "code_interpreter", "computer_use_preview", "image_generation", "mcp"])(
    "refuses the hosted tool %s with a 400 naming it",
    (type) => {
      const e = refused({ input: "Q", tools: [{ type: "function", name: "f" }, { type }] });
      expect([e.status, e.param, e.code]).toEqual([400, "tools[1]", "unsupported_tool"]);
      expect(e.message).toContain(`"${type}"`);
    },
  );

  it("maps function tools and every tool_choice form", () => {
    const tools = [
      { type: "function", name: "f", description: "F", parameters: { type: "object" }, strict: true },
      { type: "function", name: "g" },
    ];
    const r = chat({ input: "Q", tools, tool_choice: "required", parallel_tool_calls: false });
    expect(r.tools).toEqual([
      { type: "function", function: { name: "f", description: "F", parameters: { type: "object" }, strict: true } },
      { type: "function", function: { name: "g" } },
    ]);
    expect([r.tool_choice, r.parallel_tool_calls]).toEqual(["required", false]);
    expect(chat({ input: "Q", tools, tool_choice: { type: "function", name: "g" } }).tool_choice).toEqual({
      type: "function",
      function: { name: "g" },
    });
    const allowed = chat({
      input: "Q",
      tools,
      tool_choice: { type: "allowed_tools", mode: "required", tools: [{ type: "function", name: "g" }] },
    });
    expect([allowed.tools?.map((t) => t.function.name), allowed.tool_choice]).toEqual([["g"], "required"]);
    expect(refused({ input: "Q", tools, tool_choice: { type: "web_search_preview" } }).param).toBe("tool_choice");
  });

  it("maps text.format to response_format", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    expect(
      chat({
        input: "Q",
        text: { format: { type: "json_schema", name: "out", schema, strict: true, description: "D" } },
      }).response_format,
    ).toEqual({
      type: "json_schema",
      json_schema: { name: "out", schema, strict: true, description: "D" },
    });
    expect(chat({ input: "Q", text: { format: { type: "json_object" } } }).response_format).toEqual({
      type: "json_object",
    });
    expect(chat({ input: "Q", text: { format: { type: "text" } } })).not.toHaveProperty("response_format");
  });

  it("maps reasoning effort, sampling, limits, user, metadata and streaming", () => {
    const r = chat({
      input: "Q",
      reasoning: { effort: "high", summary: "detailed" },
      max_output_tokens: 300,
      temperature: 0.5,
      top_p: 0.8,
      user: "u-1",
      metadata: { k: "v" },
      stream: true,
      store: false,
      previous_response_id: null,
      truncation: "auto",
      include: ["reasoning.encrypted_content"],
    });
    expect(r).toEqual({
      model: "claude-group",
      messages: [{ role: "user", content: "Q" }],
      reasoning_effort: "high",
      max_completion_tokens: 300,
      temperature: 0.5,
      top_p: 0.8,
      user: "u-1",
      metadata: { k: "v" },
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("asks for no thinking when only a summary is requested", () => {
    expect(chat({ input: "Q", reasoning: { summary: "auto" } })).not.toHaveProperty("reasoning_effort");
  });

  it("keeps the gateway's own fields (fallbacks, retries, tags) for the request spine", () => {
    const r = chat({ input: "Q", fallbacks: ["other"], num_retries: 2, tags: ["t"] });
    expect([r.fallbacks, r.num_retries, r.tags]).toEqual([["other"], 2, ["t"]]);
  });

  it.each([
    [{ background: true }, "background"],
    [{ prompt: { id: "pmpt_1" } }, "prompt"],
    [{ conversation: "conv_1" }, "conversation"],
  ])("refuses %j, which needs OpenAI's own state", (extra, param) => {
    const e = refused({ input: "Q", ...extra });
    expect([e.status, e.param]).toEqual([400, param]);
  });

  it("refuses a request with nothing to send", () => {
    expect(refused({ input: [] }).param).toBe("input");
  });
});
