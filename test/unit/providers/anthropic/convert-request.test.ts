import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../../../src/errors/gateway-error.js";
import { buildAnthropicBody } from "../../../../src/providers/anthropic/index.js";
import { HELLO, fixtureJson, makeCtx } from "./context.js";

const body = (request: Record<string, unknown>, opts: Omit<Parameters<typeof makeCtx>[0], "request"> = {}) =>
  buildAnthropicBody(makeCtx({ request, ...opts }));

const WEATHER_TOOL = {
  type: "function",
  function: { name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" } } } },
};

describe("anthropic request: messages", () => {
  it("translates a multi-turn tool conversation with thinking, cache_control and system messages", () => {
    const req = fixtureJson("tool-conversation.openai.json") as Record<string, unknown>;
    expect(body(req)).toEqual(fixtureJson("tool-conversation.anthropic.json"));
  });

  it("sends a plain text request with the vendor model id and no stream flag", () => {
    const b = body({ messages: HELLO });
    expect(b).toEqual({
      model: "claude-sonnet-4-5-20250929",
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
      max_tokens: 8192,
    });
  });

  it("sets stream: true for streaming requests and never forwards stream_options", () => {
    const b = body({ messages: HELLO, stream: true, stream_options: { include_usage: true } }, { stream: true });
    expect(b.stream).toBe(true);
    expect(b).not.toHaveProperty("stream_options");
  });

  it("leaves model out of the body when asked (Vertex AI)", () => {
    const b = buildAnthropicBody(makeCtx({ request: { messages: HELLO } }), { includeModel: false });
    expect(b).not.toHaveProperty("model");
    expect(b.messages).toHaveLength(1);
  });

  it("merges consecutive user messages and drops `name`", () => {
    const b = body({
      messages: [
        { role: "user", name: "a", content: "one" },
        { role: "user", content: "two" },
      ],
    });
    expect(b.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "one" },
          { type: "text", text: "two" },
        ],
      },
    ]);
  });

  it("keeps a final assistant message as a prefill, trimming trailing whitespace", () => {
    const b = body({ messages: [...HELLO, { role: "assistant", content: "The answer is " }] });
    expect(b.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Hello" }] },
      { role: "assistant", content: [{ type: "text", text: "The answer is" }] },
    ]);
  });

  it("drops a whitespace-only prefill", () => {
    const b = body({ messages: [...HELLO, { role: "assistant", content: "  \n" }] });
    expect(b.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Hello" }] }]);
  });

  it("puts a tool result and a following user message in one user turn, results first", () => {
    const b = body({
      messages: [
        ...HELLO,
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "" } }],
        },
        { role: "tool", tool_call_id: "t1", content: "" },
        { role: "user", content: "go on" },
      ],
    });
    expect(b.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Hello" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "t1" },
          { type: "text", text: "go on" },
        ],
      },
    ]);
  });

  it("sends thinking and redacted_thinking content parts back before text", () => {
    const b = body({
      messages: [
        ...HELLO,
        {
          role: "assistant",
          content: [
            { type: "text", text: "Hi" },
            { type: "thinking", thinking: "hmm", signature: "s1" },
            { type: "redacted_thinking", data: "opaque" },
          ],
        },
        { role: "user", content: "again" },
      ],
    });
    expect((b.messages as Array<{ content: unknown }>)[1]!.content).toEqual([
      { type: "thinking", thinking: "hmm", signature: "s1" },
      { type: "redacted_thinking", data: "opaque" },
      { type: "text", text: "Hi" },
    ]);
  });

  it("round-trips redacted thinking_blocks on an assistant message", () => {
    const b = body({
      messages: [
        ...HELLO,
        { role: "assistant", content: "ok", thinking_blocks: [{ type: "redacted_thinking", data: "xyz" }] },
        { role: "user", content: "next" },
      ],
    });
    expect((b.messages as Array<{ content: unknown }>)[1]!.content).toEqual([
      { type: "redacted_thinking", data: "xyz" },
      { type: "text", text: "ok" },
    ]);
  });

  it("rejects tool-call arguments that are not a JSON object", () => {
    const ctx = makeCtx({
      request: {
        messages: [
          ...HELLO,
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "{oops" } }],
          },
        ],
      },
    });
    expect(() => buildAnthropicBody(ctx)).toThrow(BadRequestError);
  });

  it("rejects legacy role function messages", () => {
    expect(() => body({ messages: [...HELLO, { role: "function", name: "f", content: "x" }] })).toThrow(
      /role "function"/,
    );
  });
});

describe("anthropic request: images and files", () => {
  const withPart = (part: Record<string, unknown>) =>
    (
      body({ messages: [{ role: "user", content: [{ type: "text", text: "Look" }, part] }] }).messages as Array<{
        content: unknown[];
      }>
    )[0]!.content[1];

  it("passes an https image by URL, keeping cache_control", () => {
    expect(
      withPart({
        type: "image_url",
        image_url: { url: "https://example.com/cat.png", detail: "high" },
        cache_control: { type: "ephemeral" },
      }),
    ).toEqual({
      type: "image",
      source: { type: "url", url: "https://example.com/cat.png" },
      cache_control: { type: "ephemeral" },
    });
  });

  it("sends a data: image as a base64 source", () => {
    expect(withPart({ type: "image_url", image_url: "data:image/png;base64,iVBORw0KGgo=" })).toEqual({
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
    });
  });

  it("sends a PDF (image_url data: or file.file_data) as a document", () => {
    const doc = { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } };
    expect(withPart({ type: "image_url", image_url: { url: "data:application/pdf;base64,JVBERi0=" } })).toEqual(doc);
    expect(
      withPart({ type: "file", file: { file_data: "data:application/pdf;base64,JVBERi0=", filename: "a.pdf" } }),
    ).toEqual(doc);
  });

  it("rejects audio, file ids and unsupported media types with a 400", () => {
    expect(() => withPart({ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } })).toThrow(
      BadRequestError,
    );
    expect(() => withPart({ type: "file", file: { file_id: "file-123" } })).toThrow(/file_id/);
    expect(() => withPart({ type: "image_url", image_url: "data:audio/wav;base64,AAAA" })).toThrow(/audio\/wav/);
  });
});

describe("anthropic request: parameters", () => {
  it("defaults max_tokens by model family", () => {
    expect(body({ messages: HELLO }, { model: "claude-3-haiku-20240307" }).max_tokens).toBe(4096);
    expect(body({ messages: HELLO }, { model: "claude-3-opus-20240229" }).max_tokens).toBe(4096);
    expect(body({ messages: HELLO }, { model: "claude-3-5-sonnet-20241022" }).max_tokens).toBe(8192);
    expect(body({ messages: HELLO }, { model: "claude-opus-4-1-20250805" }).max_tokens).toBe(8192);
  });

  it("takes max_tokens from the request, then litellm_params, capped default by model_info", () => {
    expect(body({ messages: HELLO, max_tokens: 300 }).max_tokens).toBe(300);
    expect(body({ messages: HELLO, max_tokens: 300, max_completion_tokens: 200 }).max_tokens).toBe(200);
    expect(body({ messages: HELLO }, { params: { max_tokens: 1234 } }).max_tokens).toBe(1234);
    expect(body({ messages: HELLO }, { modelInfo: { max_output_tokens: 2000 } }).max_tokens).toBe(2000);
  });

  it("maps temperature, top_p, top_k, stop and user", () => {
    const b = body({ messages: HELLO, temperature: 0.2, top_p: 0.9, top_k: 40, stop: "###", user: "u-1" });
    expect(b).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["###"],
      metadata: { user_id: "u-1" },
    });
  });

  it("drops whitespace-only stop sequences (Anthropic rejects them)", () => {
    expect(body({ messages: HELLO, stop: ["\n", " "] })).not.toHaveProperty("stop_sequences");
  });

  it("does not forward OpenAI-only fields", () => {
    const b = body({ messages: HELLO, response_format: { type: "text" }, metadata: { a: "b" }, service_tier: "auto" });
    expect(Object.keys(b).sort()).toEqual(["max_tokens", "messages", "model"]);
  });
});

describe("anthropic request: reasoning", () => {
  it.each([
    ["minimal", 1024],
    ["low", 1024],
    ["medium", 2048],
    ["high", 4096],
  ])("reasoning_effort %s → thinking budget %i", (effort, budget) => {
    const b = body({ messages: HELLO, reasoning_effort: effort });
    expect(b.thinking).toEqual({ type: "enabled", budget_tokens: budget });
    expect(b.max_tokens as number).toBeGreaterThan(budget);
  });

  it("reasoning_effort none and thinking disabled send no thinking", () => {
    expect(body({ messages: HELLO, reasoning_effort: "none" })).not.toHaveProperty("thinking");
    expect(body({ messages: HELLO, thinking: { type: "disabled" }, reasoning_effort: "high" })).not.toHaveProperty(
      "thinking",
    );
  });

  it("an explicit thinking object wins over reasoning_effort", () => {
    const b = body({ messages: HELLO, thinking: { type: "enabled", budget_tokens: 5000 }, reasoning_effort: "low" });
    expect(b.thinking).toEqual({ type: "enabled", budget_tokens: 5000 });
  });

  it("raises max_tokens above the budget when the client's cap does not exceed it", () => {
    const b = body({ messages: HELLO, reasoning_effort: "high", max_tokens: 1000 });
    expect(b).toMatchObject({ max_tokens: 5096, thinking: { budget_tokens: 4096 } });
  });
});

describe("anthropic request: tools", () => {
  const tools = [WEATHER_TOOL];
  it.each([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "any" }],
    [
      { type: "function", function: { name: "get_weather" } },
      { type: "tool", name: "get_weather" },
    ],
  ])("tool_choice %j → %j", (choice, expected) => {
    expect(body({ messages: HELLO, tools, tool_choice: choice }).tool_choice).toEqual(expected);
  });

  it("parallel_tool_calls false disables parallel tool use (auto when no choice given)", () => {
    expect(body({ messages: HELLO, tools, parallel_tool_calls: false }).tool_choice).toEqual({
      type: "auto",
      disable_parallel_tool_use: true,
    });
    expect(body({ messages: HELLO, tools, tool_choice: "required", parallel_tool_calls: false }).tool_choice).toEqual({
      type: "any",
      disable_parallel_tool_use: true,
    });
    expect(body({ messages: HELLO, tools, tool_choice: "none", parallel_tool_calls: false }).tool_choice).toEqual({
      type: "none",
    });
  });

  it("gives a tool without parameters an empty object schema", () => {
    const b = body({ messages: HELLO, tools: [{ type: "function", function: { name: "ping" } }] });
    expect(b.tools).toEqual([{ name: "ping", input_schema: { type: "object", properties: {} } }]);
    expect(b).not.toHaveProperty("tool_choice");
  });

  it("omits tool_choice when there are no tools", () => {
    expect(body({ messages: HELLO, tool_choice: "auto" })).not.toHaveProperty("tool_choice");
  });
});

describe("anthropic request: JSON mode", () => {
  const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };

  it("json_schema becomes a forced json_tool_call tool with the schema as input_schema", () => {
    const b = body({
      messages: HELLO,
      response_format: { type: "json_schema", json_schema: { name: "person", schema } },
    });
    expect(b.tools).toEqual([
      { name: "json_tool_call", description: expect.stringContaining("person"), input_schema: schema },
    ]);
    expect(b.tool_choice).toEqual({ type: "tool", name: "json_tool_call" });
  });

  it("json_object becomes a forced tool taking any object", () => {
    const b = body({ messages: HELLO, response_format: { type: "json_object" } });
    expect(b.tools).toEqual([
      {
        name: "json_tool_call",
        description: expect.any(String),
        input_schema: { type: "object", additionalProperties: true },
      },
    ]);
    expect(b.tool_choice).toEqual({ type: "tool", name: "json_tool_call" });
  });

  it("offers the JSON tool with auto when thinking is on (forced tools are rejected with thinking)", () => {
    const b = body({ messages: HELLO, response_format: { type: "json_object" }, reasoning_effort: "low" });
    expect(b.tool_choice).toEqual({ type: "auto" });
  });

  it("adds the JSON tool next to client tools without forcing it", () => {
    const b = body({
      messages: HELLO,
      tools: [WEATHER_TOOL],
      tool_choice: "auto",
      response_format: { type: "json_object" },
    });
    expect((b.tools as Array<{ name: string }>).map((t) => t.name)).toEqual(["get_weather", "json_tool_call"]);
    expect(b.tool_choice).toEqual({ type: "auto" });
  });
});
