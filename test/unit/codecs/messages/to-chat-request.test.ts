import { describe, expect, it } from "vitest";
import { toChatRequest } from "../../../../src/codecs/messages/to-chat-request.js";
import { parseMessagesRequest } from "../../../../src/anthropic/parse.js";
import { ChatCompletionRequest } from "../../../../src/openai/chat-request.js";
import { GatewayError } from "../../../../src/errors/gateway-error.js";
import { fixtureText } from "../../../helpers/fixtures.js";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

function translate(body: unknown) {
  const t = toChatRequest(parseMessagesRequest(JSON.stringify(body)));
  ChatCompletionRequest.parse(t.request); // always a valid chat request
  return t;
}
const fixture = (name: string) => translate(JSON.parse(fixtureText(`anthropic-messages/${name}`)));
const base = { model: "claude", max_tokens: 100 };
const user = (content: unknown) => ({ ...base, messages: [{ role: "user", content }] });

function refusal(body: unknown): GatewayError {
  try {
    translate(body);
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("translated");
}

describe("Messages request → chat request", () => {
  it("maps a two-turn tool loop rule by rule", () => {
    const { request, notCarried } = fixture("tool-loop.request.json");
    expect(request).toEqual({
      model: "claude-sonnet-4-5",
      max_completion_tokens: 4096,
      messages: [
        {
          role: "system",
          content: [
            { type: "text", text: "You are a travel assistant.", cache_control: { type: "ephemeral" } },
            { type: "text", text: "Answer in one sentence when you can." },
          ],
        },
        { role: "user", content: "What's the weather in Paris and in Tokyo?" },
        {
          role: "assistant",
          content: "Let me check both.",
          reasoning_content: "The user wants two cities; I can call the tool twice in parallel.",
          thinking_blocks: [
            {
              type: "thinking",
              thinking: "The user wants two cities; I can call the tool twice in parallel.",
              signature: "EqQBCgIYAhIMsig1",
            },
            { type: "redacted_thinking", data: "EmwKAhgBEgyRedactedData" },
          ],
          tool_calls: [
            {
              id: "toolu_01Paris",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris","unit":"celsius"}' },
            },
            {
              id: "toolu_02Tokyo",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Tokyo","unit":"celsius"}' },
              cache_control: { type: "ephemeral" },
            },
          ],
        },
        { role: "tool", tool_call_id: "toolu_01Paris", content: "18°C, light rain" },
        {
          role: "tool",
          tool_call_id: "toolu_02Tokyo",
          content: [
            { type: "text", text: "Error:" },
            { type: "text", text: "weather service timed out" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
        { role: "user", content: [{ type: "text", text: "Retry Tokyo if you can." }] },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Current weather for a city.",
            parameters: {
              type: "object",
              properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
              required: ["city"],
            },
          },
          cache_control: { type: "ephemeral" },
        },
      ],
      tool_choice: "required",
      parallel_tool_calls: false,
      user: "user-4711",
      stop: ["\n\nHuman:"],
      temperature: 0.7,
      top_p: 0.9,
      thinking: { type: "enabled", budget_tokens: 2048 },
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(notCarried).toEqual([]);
  });

  it("carries images, PDFs, text and content documents; names what documents lose", () => {
    const { request, notCarried } = fixture("media.request.json");
    expect(request.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
          {
            type: "image_url",
            image_url: { url: "https://example.com/cat.jpg" },
            cache_control: { type: "ephemeral" },
          },
          {
            type: "file",
            file: {
              file_data:
                "data:application/pdf;base64,JVBERi0xLjQKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK",
              filename: "Invoice",
            },
          },
          { type: "text", text: "Plain text document." },
          { type: "text", text: "First passage." },
          { type: "text", text: "Second passage." },
          { type: "text", text: "Doc\nhttps://example.com/doc\nResult passage." },
          { type: "text", text: "Summarise all of these." },
        ],
      },
    ]);
    expect(notCarried).toEqual([
      "messages[0].content[2].title",
      "messages[0].content[4].citations",
      "messages[0].content[5] (search_result carried as plain text, without citations)",
    ]);
  });

  it("drops server tools, their history blocks and unknown fields, naming each", () => {
    const { request, notCarried } = fixture("server-tools.request.json");
    expect(request.tools).toEqual([
      {
        type: "function",
        function: {
          name: "open_page",
          description: "Open a page.",
          parameters: { type: "object", properties: { url: { type: "string" } } },
        },
      },
    ]);
    expect(request.tool_choice).toBeUndefined();
    expect(request.reasoning_effort).toBe("xhigh");
    expect(request.user).toBe("u-1");
    expect(request.messages[1]).toEqual({ role: "assistant", content: "The top headline is about the weather." });
    expect(request.messages[2]).toEqual({ role: "user", content: [{ type: "text", text: "And the second one?" }] });
    expect(notCarried).toEqual([
      "messages[1].content[0] (server_tool_use block)",
      "messages[1].content[1] (web_search_tool_result block)",
      "messages[2].content[1] (container_upload block)",
      "top_k",
      "metadata.tenant",
      'tools[0] (web_search_20250305 "web_search")',
      'tool_choice (tool "web_search" is not carried)',
      "service_tier",
      "container",
      "mcp_servers",
    ]);
  });

  it("translates the recorded Claude Code request whole", () => {
    const { request, notCarried } = fixture("claude-code.request.json");
    expect(notCarried).toEqual([]);
    expect(request.tools).toHaveLength(16);
    expect(request.tools?.[15]).toMatchObject({
      function: { name: "SlashCommand" },
      cache_control: { type: "ephemeral" },
    });
    expect(request.messages[0]).toMatchObject({
      role: "system",
      content: [{ cache_control: { type: "ephemeral" } }, {}],
    });
    expect(request).toMatchObject({
      max_completion_tokens: 32000,
      thinking: { type: "enabled", budget_tokens: 31999 },
      temperature: 1,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(request.user).toMatch(/^user_[0-9a-f]+_account__session_/);
  });

  it("keeps a one-block system as a string and a system turn in place", () => {
    const { request } = translate({
      ...base,
      system: [{ type: "text", text: "Be brief." }],
      messages: [
        { role: "user", content: "a" },
        { role: "system", content: "Now be verbose." },
        { role: "user", content: "b" },
      ],
    });
    expect(request.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "a" },
      { role: "system", content: "Now be verbose." },
      { role: "user", content: "b" },
    ]);
  });

  it("marks a failed tool result with a string body and carries an empty one", () => {
    const { request } = translate(
      user([
        { type: "tool_result", tool_use_id: "t1", content: "boom", is_error: true },
        { type: "tool_result", tool_use_id: "t2" },
      ]),
    );
    expect(request.messages).toEqual([
      { role: "tool", tool_call_id: "t1", content: "Error: boom" },
      { role: "tool", tool_call_id: "t2", content: "" },
    ]);
  });

  it.each([
    [{ type: "auto" }, { tool_choice: "auto" }],
    [{ type: "none" }, { tool_choice: "none" }],
    [{ type: "tool", name: "f" }, { tool_choice: { type: "function", function: { name: "f" } } }],
    [
      { type: "auto", disable_parallel_tool_use: true },
      { tool_choice: "auto", parallel_tool_calls: false },
    ],
  ])("tool_choice %j → %j", (choice, expected) => {
    const tools = [{ name: "f", input_schema: { type: "object" } }];
    const { request } = translate({ ...user("x"), tools, tool_choice: choice });
    expect({ tool_choice: request.tool_choice, parallel_tool_calls: request.parallel_tool_calls }).toEqual({
      parallel_tool_calls: undefined,
      ...expected,
    });
  });

  it.each([
    [{ type: "disabled" }, { type: "disabled" }],
    [{ type: "adaptive" }, { type: "enabled" }],
  ])("thinking %j → %j", (thinking, expected) => {
    expect(translate({ ...user("x"), thinking }).request.thinking).toEqual(expected);
  });

  it("maps structured output and passes gateway fields to the spine", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const { request } = translate({
      ...user("x"),
      output_config: { format: { type: "json_schema", schema } },
      fallbacks: ["gpt-group"],
      num_retries: 2,
    });
    expect(request.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "output", schema, strict: true },
    });
    expect(request).toMatchObject({ fallbacks: ["gpt-group"], num_retries: 2 });
  });

  it("carries at most 16 stop sequences and says so", () => {
    const stops = Array.from({ length: 18 }, (_, i) => `s${i}`);
    const t = translate({ ...user("x"), stop_sequences: stops });
    expect(t.request.stop).toEqual(stops.slice(0, 16));
    expect(t.notCarried).toEqual(["stop_sequences[16..] (at most 16 carried)"]);
  });

  it("refuses content only Claude can read, naming where it is", () => {
    const img = refusal(user([{ type: "image", source: { type: "file", file_id: "file_1" } }]));
    expect(img.status).toBe(400);
    expect(img.param).toBe("messages[0].content[0]");
    expect(img.message).toContain("file_id");
    const doc = refusal(
      user([
        { type: "text", text: "x" },
        { type: "document", source: { type: "url", url: "https://x/a.pdf" } },
      ]),
    );
    expect(doc.param).toBe("messages[0].content[1]");
    expect(doc.message).toContain("URL");
  });

  it("refuses a server-held thread: the chat target would answer without the history the thread stands for", () => {
    const e = refusal({ ...user("x"), thread: { type: "continue", previous_message_id: "msg_1" } });
    expect(e.status).toBe(400);
    expect(e.param).toBe("thread");
    expect(e.message).toContain("thread: false");
  });
});
