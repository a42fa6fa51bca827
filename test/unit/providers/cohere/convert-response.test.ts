import { describe, expect, it } from "vitest";
import { BadGatewayError, InternalServerError, TimeoutError } from "../../../../src/errors/gateway-error.js";
import { cohereAdapter } from "../../../../src/providers/cohere/index.js";
import { parseCompletion } from "../../../helpers/parse-completion.js";
import { HELLO, NOW, fixtureJson, makeCtx } from "./context.js";

const parse = (body: unknown) =>
  parseCompletion({ adapter: cohereAdapter, ctx: makeCtx({ request: { messages: HELLO } }), body });
const withFinish = (finish_reason: string) => ({ ...(fixtureJson("text.response.json") as object), finish_reason });

describe("cohere response", () => {
  it("maps a text answer with Cohere's id and billed usage", () => {
    expect(parse(fixtureJson("text.response.json"))).toEqual({
      id: "c14c80c3-18eb-4519-9460-6c92edd8cfb4",
      object: "chat.completion",
      created: Math.floor(NOW / 1000),
      model: "command-a-03-2025",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "LLMs are neural networks trained on large amounts of text." },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 12, total_tokens: 17 },
    });
  });

  it("maps a tool call: the plan becomes content, calls keep Cohere's ids", () => {
    const c = parse(fixtureJson("tool-call.response.json"));
    expect(c.choices[0]).toEqual({
      index: 0,
      finish_reason: "tool_calls",
      message: {
        role: "assistant",
        content: "I will look up the weather in Toronto.",
        tool_calls: [
          {
            id: "get_weather_1byjy32y4hvq",
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"Toronto"}' },
          },
        ],
      },
    });
  });

  it("maps parallel tool calls in order", () => {
    const c = parse(fixtureJson("parallel-tool-calls.response.json"));
    expect(c.choices[0]!.message.tool_calls!.map((t) => [t.id, JSON.parse(t.function.arguments)])).toEqual([
      ["get_weather_paris01", { location: "Paris" }],
      ["get_weather_tokyo02", { location: "Tokyo" }],
    ]);
  });

  it("puts thinking content in reasoning_content", () => {
    const m = parse(fixtureJson("thinking.response.json")).choices[0]!.message;
    expect(m.content).toBe("17 × 23 = 391.");
    expect(m.reasoning_content).toBe("The user asks for 17 * 23. 17 * 20 = 340, 17 * 3 = 51, total 391.");
  });

  it("returns a JSON-mode answer as the content string", () => {
    expect(JSON.parse(parse(fixtureJson("json-mode.response.json")).choices[0]!.message.content!)).toEqual({
      name: "Ada",
      age: 36,
    });
  });

  it("reports cached tokens, capped at the prompt tokens", () => {
    expect(parse(fixtureJson("cached-usage.response.json")).usage).toEqual({
      prompt_tokens: 1500,
      completion_tokens: 4,
      total_tokens: 1504,
      prompt_tokens_details: { cached_tokens: 1500 },
    });
    const under = {
      ...(fixtureJson("cached-usage.response.json") as object),
      usage: { billed_units: { input_tokens: 1500, output_tokens: 4 }, cached_tokens: 1024 },
    };
    expect(parse(under).usage!.prompt_tokens_details).toEqual({ cached_tokens: 1024 });
  });

  it("falls back to raw token counts when there are no billed units", () => {
    const body = {
      ...(fixtureJson("text.response.json") as object),
      usage: { tokens: { input_tokens: 71, output_tokens: 12 } },
    };
    expect(parse(body).usage).toEqual({ prompt_tokens: 71, completion_tokens: 12, total_tokens: 83 });
  });

  it.each([
    ["COMPLETE", "stop"],
    ["STOP_SEQUENCE", "stop"],
    ["MAX_TOKENS", "length"],
    ["TOOL_CALL", "tool_calls"],
    ["ERROR_TOXIC", "content_filter"],
    ["SOMETHING_NEW", "stop"],
  ])("maps finish_reason %s to %s", (cohere, openai) => {
    expect(parse(withFinish(cohere)).choices[0]!.finish_reason).toBe(openai);
  });

  it("turns ERROR and TIMEOUT finishes into errors", () => {
    expect(() => parse(withFinish("ERROR"))).toThrow(InternalServerError);
    expect(() => parse(withFinish("TIMEOUT"))).toThrow(TimeoutError);
  });

  it("answers a body that is not a Cohere chat response with a 502", () => {
    expect(() => parse({ text: "v1 shape" })).toThrow(BadGatewayError);
  });
});
