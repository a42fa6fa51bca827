import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../../../src/errors/gateway-error.js";
import { toCohereBody } from "../../../../src/providers/cohere/convert-request.js";
import { HELLO, fixtureJson, makeCtx } from "./context.js";

const body = (request: Record<string, unknown>, stream = false) => toCohereBody(makeCtx({ request, stream }));
const WEATHER = {
  type: "function",
  function: { name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" } } } },
};
const TIME = { type: "function", function: { name: "get_time" } };

describe("cohere request: messages", () => {
  it("maps a whole tool conversation and the sampling params", () => {
    const req = fixtureJson("tool-conversation.openai.json") as Record<string, unknown>;
    expect(body(req)).toEqual(fixtureJson("tool-conversation.cohere.json"));
  });

  it("sends images as image_url parts (data: and https URLs, detail kept)", () => {
    const b = body({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare these" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "low" } },
          ],
        },
      ],
    });
    expect(b.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Compare these" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "low" } },
        ],
      },
    ]);
  });

  it("joins text-only parts into a plain string", () => {
    const b = body({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        },
      ],
    });
    expect(b.messages).toEqual([{ role: "user", content: "ab" }]);
  });

  it("refuses audio parts and legacy function messages with a 400", () => {
    expect(() =>
      body({
        messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] }],
      }),
    ).toThrow(BadRequestError);
    expect(() => body({ messages: [...HELLO, { role: "function", name: "f", content: "x" }] })).toThrow(/function/);
  });
});

describe("cohere request: tools", () => {
  it("omits tool_choice for auto and maps required / none", () => {
    expect(body({ messages: HELLO, tools: [WEATHER], tool_choice: "auto" })).not.toHaveProperty("tool_choice");
    expect(body({ messages: HELLO, tools: [WEATHER], tool_choice: "required" }).tool_choice).toBe("REQUIRED");
    expect(body({ messages: HELLO, tools: [WEATHER], tool_choice: "none" }).tool_choice).toBe("NONE");
  });

  it("forces a named function by requiring a tool and offering only that one", () => {
    const b = body({
      messages: HELLO,
      tools: [WEATHER, TIME],
      tool_choice: { type: "function", function: { name: "get_time" } },
    });
    expect(b.tool_choice).toBe("REQUIRED");
    expect(b.tools).toEqual([
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
    ]);
  });

  it("rejects a named function that is not among the tools, and required without tools", () => {
    expect(() =>
      body({ messages: HELLO, tools: [WEATHER], tool_choice: { type: "function", function: { name: "nope" } } }),
    ).toThrow(/nope/);
    expect(() => body({ messages: HELLO, tool_choice: "required" })).toThrow(BadRequestError);
  });

  it("asks for strict tools when any tool is strict", () => {
    const strict = { type: "function", function: { ...WEATHER.function, strict: true } };
    expect(body({ messages: HELLO, tools: [strict] }).strict_tools).toBe(true);
    expect(body({ messages: HELLO, tools: [WEATHER] })).not.toHaveProperty("strict_tools");
  });
});

describe("cohere request: json mode and reasoning", () => {
  it("maps json_object and json_schema to Cohere's json_object (schema attached)", () => {
    expect(body({ messages: HELLO, response_format: { type: "json_object" } }).response_format).toEqual({
      type: "json_object",
    });
    const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    expect(
      body({ messages: HELLO, response_format: { type: "json_schema", json_schema: { name: "person", schema } } })
        .response_format,
    ).toEqual({ type: "json_object", json_schema: schema });
    expect(body({ messages: HELLO, response_format: { type: "text" } })).not.toHaveProperty("response_format");
  });

  it("maps reasoning_effort and thinking to Cohere's thinking", () => {
    expect(body({ messages: HELLO })).not.toHaveProperty("thinking");
    expect(body({ messages: HELLO, reasoning_effort: "high" }).thinking).toEqual({
      type: "enabled",
      token_budget: 4096,
    });
    expect(body({ messages: HELLO, reasoning_effort: "none" }).thinking).toEqual({ type: "disabled" });
    expect(body({ messages: HELLO, thinking: { type: "enabled", budget_tokens: 2000 } }).thinking).toEqual({
      type: "enabled",
      token_budget: 2000,
    });
    expect(body({ messages: HELLO, thinking: { type: "disabled" }, reasoning_effort: "high" }).thinking).toEqual({
      type: "disabled",
    });
  });

  it("uses max_tokens when max_completion_tokens is absent, and a list of stops as is", () => {
    const b = body({ messages: HELLO, max_tokens: 50, stop: ["a", "b"] });
    expect(b.max_tokens).toBe(50);
    expect(b.stop_sequences).toEqual(["a", "b"]);
  });
});
