import { describe, expect, it } from "vitest";
import { BadGatewayError } from "../../../../src/errors/gateway-error.js";
import { ollamaAdapter } from "../../../../src/providers/ollama/index.js";
import { parseCompletion } from "../../../helpers/parse-completion.js";
import { HELLO, NOW, fixtureJson, makeCtx } from "./context.js";

const parse = (body: unknown) =>
  parseCompletion({ adapter: ollamaAdapter, ctx: makeCtx({ request: { messages: HELLO } }), body });

describe("ollama response", () => {
  it("maps a text answer with the gateway's id and Ollama's token counts", () => {
    expect(parse(fixtureJson("text.response.json"))).toEqual({
      id: "chatcmpl-gw1",
      object: "chat.completion",
      created: Math.floor(NOW / 1000),
      model: "llama3.2",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "The sky is blue because of Rayleigh scattering." },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 26, completion_tokens: 12, total_tokens: 38 },
    });
  });

  it("maps a tool call: object arguments become a JSON string, an id is generated", () => {
    const c = parse(fixtureJson("tool-call.response.json"));
    expect(c.choices[0]).toEqual({
      index: 0,
      finish_reason: "tool_calls",
      message: {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_gw1_0",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Toronto","unit":"celsius"}' },
          },
        ],
      },
    });
  });

  it("gives parallel tool calls distinct ids", () => {
    const calls = parse(fixtureJson("parallel-tool-calls.response.json")).choices[0]!.message.tool_calls!;
    expect(calls.map((t) => [t.id, JSON.parse(t.function.arguments)])).toEqual([
      ["call_gw1_0", { city: "Paris" }],
      ["call_gw1_1", { city: "Tokyo" }],
    ]);
  });

  it("keeps an id Ollama provides", () => {
    const body = fixtureJson("tool-call.response.json") as { message: { tool_calls: Array<Record<string, unknown>> } };
    body.message.tool_calls[0]!.id = "call_from_ollama";
    expect(parse(body).choices[0]!.message.tool_calls![0]!.id).toBe("call_from_ollama");
  });

  it("puts message.thinking in reasoning_content", () => {
    const m = parse(fixtureJson("thinking.response.json")).choices[0]!.message;
    expect(m).toEqual({
      role: "assistant",
      content: "17 × 23 = 391.",
      reasoning_content: "17 * 20 = 340 and 17 * 3 = 51, so 391.",
    });
  });

  it("returns a JSON-mode answer as the content string", () => {
    expect(JSON.parse(parse(fixtureJson("json-mode.response.json")).choices[0]!.message.content!)).toEqual({
      name: "Ada",
      age: 36,
    });
  });

  it.each([
    ["stop", "stop"],
    ["length", "length"],
    ["unload", "stop"],
  ])("maps done_reason %s to %s", (done_reason, finish) => {
    expect(parse({ ...(fixtureJson("text.response.json") as object), done_reason }).choices[0]!.finish_reason).toBe(
      finish,
    );
  });

  it("counts a prompt Ollama served from its cache (no prompt_eval_count) as 0 prompt tokens", () => {
    const body = { ...(fixtureJson("text.response.json") as Record<string, unknown>) };
    delete body.prompt_eval_count;
    expect(parse(body).usage).toEqual({ prompt_tokens: 0, completion_tokens: 12, total_tokens: 12 });
  });

  it("throws an error object that came with status 200", () => {
    expect(() => parse({ error: "model 'x' not found" })).toThrow(/not found/);
  });

  it("answers a body that is not an Ollama chat response with a 502", () => {
    expect(() => parse({ message: "nope" })).toThrow(BadGatewayError);
  });
});
