import { describe, expect, it } from "vitest";
import { BadRequestError, GatewayError } from "../../../../src/errors/gateway-error.js";
import { bedrockAdapter } from "../../../../src/providers/bedrock/index.js";
import { HELLO, fixtureJson, makeCtx } from "./context.js";

type Body = Record<string, unknown> & {
  messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
  toolConfig?: { tools: Array<Record<string, unknown>>; toolChoice?: unknown };
  inferenceConfig?: Record<string, unknown>;
  additionalModelRequestFields?: Record<string, unknown>;
  system?: unknown[];
};

async function bodyOf(
  request: Record<string, unknown>,
  opts: Omit<Parameters<typeof makeCtx>[0], "request"> = {},
): Promise<Body> {
  const req = await bedrockAdapter.buildRequest(makeCtx({ request, ...opts }));
  return JSON.parse(req.body as string) as Body;
}

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather",
    parameters: { type: "object", properties: { location: { type: "string" } } },
  },
};

const PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describe("bedrock request: messages", () => {
  it("converts a multi-turn tool conversation (system cachePoint, parallel tool calls, merged tool results)", async () => {
    const { model: _m, ...request } = fixtureJson<Record<string, unknown>>("tool-conversation.openai.json");
    expect(await bodyOf(request)).toEqual(fixtureJson("tool-conversation.bedrock.json"));
  });

  it("sends a plain text request with no optional sections", async () => {
    expect(await bodyOf({ messages: HELLO })).toEqual({ messages: [{ role: "user", content: [{ text: "Hello" }] }] });
  });

  it("merges consecutive user messages into one turn", async () => {
    const b = await bodyOf({
      messages: [
        { role: "user", content: "a" },
        { role: "user", content: [{ type: "text", text: "b" }] },
      ],
    });
    expect(b.messages).toEqual([{ role: "user", content: [{ text: "a" }, { text: "b" }] }]);
  });

  it("adds a cachePoint after a user part or message carrying cache_control", async () => {
    const b = await bodyOf({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "long document", cache_control: { type: "ephemeral" } },
            { type: "text", text: "question" },
          ],
        },
        { role: "assistant", content: "ok" },
        { role: "user", content: "again", cache_control: { type: "ephemeral" } },
      ],
    });
    expect(b.messages[0]!.content).toEqual([
      { text: "long document" },
      { cachePoint: { type: "default" } },
      { text: "question" },
    ]);
    expect(b.messages[2]!.content).toEqual([{ text: "again" }, { cachePoint: { type: "default" } }]);
  });

  it("leaves out empty assistant text next to tool calls and sends {} for empty arguments", async () => {
    const b = await bodyOf({
      messages: [
        { role: "user", content: "time?" },
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "t1", type: "function", function: { name: "now", arguments: "" } }],
        },
        { role: "tool", tool_call_id: "t1", content: "12:00" },
      ],
      tools: [{ type: "function", function: { name: "now" } }],
    });
    expect(b.messages[1]).toEqual({
      role: "assistant",
      content: [{ toolUse: { toolUseId: "t1", name: "now", input: {} } }],
    });
    expect(b.messages[2]).toEqual({
      role: "user",
      content: [{ toolResult: { toolUseId: "t1", content: [{ text: "12:00" }] } }],
    });
    expect(b.toolConfig!.tools).toEqual([
      { toolSpec: { name: "now", inputSchema: { json: { type: "object", properties: {} } } } },
    ]);
  });

  it("refuses tool call arguments that are not JSON", async () => {
    const p = bodyOf({
      messages: [
        { role: "user", content: "x" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "{oops" } }],
        },
      ],
    });
    await expect(p).rejects.toBeInstanceOf(BadRequestError);
    await expect(p).rejects.toMatchObject({ code: "invalid_tool_arguments" });
  });

  it("replays assistant reasoning (thinking_blocks) as reasoningContent before the text", async () => {
    const b = await bodyOf({
      messages: [
        { role: "user", content: "2+2?" },
        {
          role: "assistant",
          content: "4",
          thinking_blocks: [
            { type: "thinking", thinking: "easy", signature: "sig-1" },
            { type: "redacted_thinking", data: "cmVkYWN0ZWQ=" },
          ],
        },
        { role: "user", content: "and 3+3?" },
      ],
    });
    expect(b.messages[1]!.content).toEqual([
      { reasoningContent: { reasoningText: { text: "easy", signature: "sig-1" } } },
      { reasoningContent: { redactedContent: "cmVkYWN0ZWQ=" } },
      { text: "4" },
    ]);
  });

  it("refuses legacy function messages and audio input", async () => {
    await expect(bodyOf({ messages: [{ role: "function", name: "f", content: "x" }] })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(
      bodyOf({
        messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] }],
      }),
    ).rejects.toMatchObject({ code: "unsupported_content" });
  });
});

describe("bedrock request: images and documents", () => {
  it("sends a data: URL image as base64 bytes with its format", async () => {
    const b = await bodyOf({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_1PX}` } },
          ],
        },
      ],
    });
    expect(b.messages[0]!.content).toEqual([
      { text: "What is this?" },
      { image: { format: "png", source: { bytes: PNG_1PX } } },
    ]);
  });

  it("downloads an https image (shared loadMedia) and names its format from the content type", async () => {
    const seen: string[] = [];
    const fetchImage = (async (url: string | URL | Request) => {
      seen.push(String(url));
      return new Response(Buffer.from(PNG_1PX, "base64"), { headers: { "content-type": "image/jpeg" } });
    }) as typeof fetch;
    const b = await bodyOf(
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: "https://img.example/cat.jpg" }] }] },
      { fetch: fetchImage },
    );
    expect(seen).toEqual(["https://img.example/cat.jpg"]);
    expect(b.messages[0]!.content).toEqual([{ image: { format: "jpeg", source: { bytes: PNG_1PX } } }]);
  });

  it("refuses an image format Bedrock cannot read", async () => {
    const p = bodyOf({
      messages: [
        { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/svg+xml;base64,PHN2Zy8+" } }] },
      ],
    });
    await expect(p).rejects.toMatchObject({ status: 400, code: "unsupported_image_format" });
  });

  it("puts images in tool results", async () => {
    const b = await bodyOf({
      messages: [
        { role: "user", content: "draw" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "t1", type: "function", function: { name: "render", arguments: "{}" } }],
        },
        {
          role: "tool",
          tool_call_id: "t1",
          content: [{ type: "image_url", image_url: { url: `data:image/gif;base64,${PNG_1PX}` } }],
        },
      ],
    });
    expect(b.messages[2]!.content).toEqual([
      { toolResult: { toolUseId: "t1", content: [{ image: { format: "gif", source: { bytes: PNG_1PX } } }] } },
    ]);
  });

  it("sends a PDF file part as a named document", async () => {
    const b = await bodyOf({
      messages: [
        {
          role: "user",
          content: [
            {
              type: "file",
              file: { filename: "Q3 report_final.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjQ=" },
            },
          ],
        },
      ],
    });
    expect(b.messages[0]!.content).toEqual([
      { document: { format: "pdf", name: "Q3 report-final", source: { bytes: "JVBERi0xLjQ=" } } },
    ]);
  });
});

describe("bedrock request: tools and tool_choice", () => {
  const base = { messages: HELLO, tools: [WEATHER_TOOL] };
  const spec = {
    toolSpec: { name: "get_weather", description: "Weather", inputSchema: { json: WEATHER_TOOL.function.parameters } },
  };

  it.each([
    ["auto", { auto: {} }],
    ["required", { any: {} }],
    [{ type: "function", function: { name: "get_weather" } }, { tool: { name: "get_weather" } }],
  ])("tool_choice %j → %j", async (choice, expected) => {
    expect((await bodyOf({ ...base, tool_choice: choice })).toolConfig).toEqual({
      tools: [spec],
      toolChoice: expected,
    });
  });

  it("sends tools without toolChoice when tool_choice is absent", async () => {
    expect((await bodyOf(base)).toolConfig).toEqual({ tools: [spec] });
  });

  it('tool_choice "none" leaves the tools out', async () => {
    expect((await bodyOf({ ...base, tool_choice: "none" })).toolConfig).toBeUndefined();
  });

  it("declares the tools a history uses when no tools go out (Bedrock requires a toolConfig then)", async () => {
    const b = await bodyOf({
      messages: [
        { role: "user", content: "x" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "t1", type: "function", function: { name: "lookup", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "t1", content: "y" },
      ],
      tools: [WEATHER_TOOL],
      tool_choice: "none",
    });
    expect(b.toolConfig).toEqual({
      tools: [{ toolSpec: { name: "lookup", inputSchema: { json: { type: "object", properties: {} } } } }],
    });
  });
});

describe("bedrock request: json mode", () => {
  const schema = {
    type: "object",
    properties: { name: { type: "string" }, born: { type: "integer" } },
    required: ["name"],
  };

  it("json_schema becomes a forced json_tool_call tool with that schema", async () => {
    const b = await bodyOf({
      messages: HELLO,
      response_format: { type: "json_schema", json_schema: { name: "person", schema } },
    });
    expect(b.toolConfig).toEqual({
      tools: [
        {
          toolSpec: {
            name: "json_tool_call",
            description: 'Respond with JSON matching the schema "person".',
            inputSchema: { json: schema },
          },
        },
      ],
      toolChoice: { tool: { name: "json_tool_call" } },
    });
  });

  it("json_object forces a tool that accepts any object", async () => {
    const b = await bodyOf({ messages: HELLO, response_format: { type: "json_object" } });
    expect(b.toolConfig!.toolChoice).toEqual({ tool: { name: "json_tool_call" } });
    expect(b.toolConfig!.tools[0]).toMatchObject({
      toolSpec: { name: "json_tool_call", inputSchema: { json: { type: "object" } } },
    });
  });

  it("only offers the json tool (auto) when extended thinking is on, since forced tool use is refused then", async () => {
    const b = await bodyOf({
      messages: HELLO,
      reasoning_effort: "low",
      response_format: { type: "json_schema", json_schema: { name: "p", schema } },
    });
    expect(b.toolConfig!.toolChoice).toEqual({ auto: {} });
  });

  it('response_format "text" changes nothing', async () => {
    expect((await bodyOf({ messages: HELLO, response_format: { type: "text" } })).toolConfig).toBeUndefined();
  });
});

describe("bedrock request: inference config and reasoning", () => {
  it("maps max_tokens, temperature, top_p and a single stop string", async () => {
    const b = await bodyOf({ messages: HELLO, max_tokens: 100, temperature: 0, top_p: 1, stop: "END" });
    expect(b.inferenceConfig).toEqual({ maxTokens: 100, temperature: 0, topP: 1, stopSequences: ["END"] });
  });

  it("prefers max_completion_tokens, and falls back to the deployment's max_tokens", async () => {
    expect((await bodyOf({ messages: HELLO, max_tokens: 100, max_completion_tokens: 200 })).inferenceConfig).toEqual({
      maxTokens: 200,
    });
    expect((await bodyOf({ messages: HELLO }, { params: { max_tokens: 300 } })).inferenceConfig).toEqual({
      maxTokens: 300,
    });
  });

  it.each([
    ["low", 1024],
    ["medium", 2048],
    ["high", 4096],
  ])("reasoning_effort %s → Claude thinking budget %d, with room for the answer", async (effort, budget) => {
    const b = await bodyOf({ messages: HELLO, reasoning_effort: effort });
    expect(b.additionalModelRequestFields).toEqual({ thinking: { type: "enabled", budget_tokens: budget } });
    expect(b.inferenceConfig).toEqual({ maxTokens: budget + 4096 });
  });

  it("passes an explicit thinking budget and keeps the client's max_tokens", async () => {
    const b = await bodyOf({ messages: HELLO, thinking: { type: "enabled", budget_tokens: 3000 }, max_tokens: 8000 });
    expect(b.additionalModelRequestFields).toEqual({ thinking: { type: "enabled", budget_tokens: 3000 } });
    expect(b.inferenceConfig).toEqual({ maxTokens: 8000 });
  });

  it('sends no thinking for reasoning_effort "none" or thinking disabled', async () => {
    expect((await bodyOf({ messages: HELLO, reasoning_effort: "none" })).additionalModelRequestFields).toBeUndefined();
    expect(
      (await bodyOf({ messages: HELLO, thinking: { type: "disabled" } })).additionalModelRequestFields,
    ).toBeUndefined();
  });

  it("declares the params it cannot express; reasoning params only for Claude models", () => {
    const claude = makeCtx({ request: { messages: HELLO } }).deployment;
    const nova = makeCtx({ request: { messages: HELLO }, model: "amazon.nova-pro-v1:0" }).deployment;
    expect(bedrockAdapter.unsupportedParams(claude)).toEqual(
      expect.arrayContaining(["n", "logit_bias", "logprobs", "presence_penalty", "frequency_penalty", "seed"]),
    );
    expect(bedrockAdapter.unsupportedParams(claude)).not.toContain("reasoning_effort");
    expect(bedrockAdapter.unsupportedParams(nova)).toEqual(expect.arrayContaining(["reasoning_effort", "thinking"]));
  });
});

it("a plain-http image URL is refused with a 400 before anything is fetched", async () => {
  const p = bodyOf({
    messages: [{ role: "user", content: [{ type: "image_url", image_url: "http://insecure.example/a.png" }] }],
  });
  await expect(p).rejects.toBeInstanceOf(GatewayError);
  await expect(p).rejects.toMatchObject({ status: 400, code: "invalid_image_url" });
});
