import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../../../src/errors/gateway-error.js";
import { toOllamaBody } from "../../../../src/providers/ollama/convert-request.js";
import { HELLO, fixtureJson, makeCtx } from "./context.js";

const body = (request: Record<string, unknown>, opts: Omit<Parameters<typeof makeCtx>[0], "request"> = {}) =>
  toOllamaBody(makeCtx({ request, ...opts }));
const WEATHER = {
  type: "function",
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};
const TIME = { type: "function", function: { name: "get_time" } };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("ollama request: messages and options", () => {
  it("maps a whole tool conversation and the sampling options", async () => {
    expect(await body(fixtureJson("tool-conversation.openai.json") as Record<string, unknown>)).toEqual(
      fixtureJson("tool-conversation.ollama.json"),
    );
  });

  it("sends images as base64 in images: data: URLs decoded, https URLs fetched", async () => {
    const fetched: string[] = [];
    const fetch = (async (url: string) => {
      fetched.push(url);
      return new Response(PNG, { headers: { "content-type": "image/png" } });
    }) as unknown as typeof globalThis.fetch;
    const b = await body(
      {
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is in these?" },
              { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
              { type: "image_url", image_url: "https://example.com/cat.png" },
            ],
          },
        ],
      },
      { fetch },
    );
    expect(fetched).toEqual(["https://example.com/cat.png"]);
    expect(b.messages).toEqual([
      { role: "user", content: "What is in these?", images: ["iVBORw0KGgo=", "iVBORw0KGgo="] },
    ]);
  });

  it("refuses plain-http image URLs and audio parts with a 400", async () => {
    await expect(
      body({
        messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "http://example.com/a.png" } }] }],
      }),
    ).rejects.toThrow(BadRequestError);
    await expect(
      body({
        messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] }],
      }),
    ).rejects.toThrow(/input_audio/);
  });

  it("refuses tool-call arguments that are not a JSON object", async () => {
    const messages = [
      ...HELLO,
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "[1,2]" } }],
      },
    ];
    await expect(body({ messages })).rejects.toThrow(/JSON object/);
  });

  it("sends a legacy function result as a tool message naming the tool", async () => {
    const b = await body({ messages: [...HELLO, { role: "function", name: "get_time", content: "12:00" }] });
    expect((b.messages as unknown[])[1]).toEqual({ role: "tool", content: "12:00", tool_name: "get_time" });
  });

  it("sends no options object when no sampling params are set", async () => {
    expect(await body({ messages: HELLO })).not.toHaveProperty("options");
  });
});

describe("ollama request: tools, json mode, thinking", () => {
  it("offers no tools for tool_choice none, and all of them for auto", async () => {
    expect(await body({ messages: HELLO, tools: [WEATHER], tool_choice: "none" })).not.toHaveProperty("tools");
    expect(
      ((await body({ messages: HELLO, tools: [WEATHER, TIME], tool_choice: "auto" })).tools as unknown[]).length,
    ).toBe(2);
  });

  it("refuses to pretend it can force a tool call, naming tool_choice", async () => {
    await expect(body({ messages: HELLO, tools: [WEATHER], tool_choice: "required" })).rejects.toMatchObject({
      status: 400,
      param: "tool_choice",
    });
    await expect(
      body({ messages: HELLO, tools: [WEATHER], tool_choice: { type: "function", function: { name: "get_weather" } } }),
    ).rejects.toMatchObject({ param: "tool_choice" });
  });

  it("with drop_params, offers only the named function", async () => {
    const b = await body(
      { messages: HELLO, tools: [WEATHER, TIME], tool_choice: { type: "function", function: { name: "get_time" } } },
      { params: { drop_params: true } },
    );
    expect(b.tools).toEqual([
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
    ]);
  });

  it("maps json_object to format json and json_schema to the schema", async () => {
    expect((await body({ messages: HELLO, response_format: { type: "json_object" } })).format).toBe("json");
    const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    expect(
      (await body({ messages: HELLO, response_format: { type: "json_schema", json_schema: { name: "p", schema } } }))
        .format,
    ).toEqual(schema);
    expect(await body({ messages: HELLO, response_format: { type: "text" } })).not.toHaveProperty("format");
  });

  it("maps reasoning_effort and thinking to think", async () => {
    expect(await body({ messages: HELLO })).not.toHaveProperty("think");
    expect((await body({ messages: HELLO, reasoning_effort: "high" })).think).toBe("high");
    expect((await body({ messages: HELLO, reasoning_effort: "minimal" })).think).toBe("low");
    expect((await body({ messages: HELLO, reasoning_effort: "none" })).think).toBe(false);
    expect((await body({ messages: HELLO, thinking: { type: "enabled", budget_tokens: 2048 } })).think).toBe(true);
    expect((await body({ messages: HELLO, thinking: { type: "disabled" } })).think).toBe(false);
  });
});
