import { describe, expect, it } from "vitest";
import { BadGatewayError } from "../../../../src/errors/gateway-error.js";
import { workersAiAdapter } from "../../../../src/providers/workers-ai/index.js";
import { parseCompletion } from "../../../helpers/parse-completion.js";
import { HELLO, MODEL, NOW, fixtureJson, makeCtx } from "./context.js";

const parse = (body: unknown) =>
  parseCompletion({ adapter: workersAiAdapter, ctx: makeCtx({ request: { messages: HELLO } }), body });

describe("workers_ai response: native (binding)", () => {
  it("maps {response, usage} to a completion", () => {
    expect(parse(fixtureJson("binding-text.response.json"))).toEqual({
      id: "chatcmpl-gw2",
      object: "chat.completion",
      created: Math.floor(NOW / 1000),
      model: MODEL,
      choices: [
        { index: 0, message: { role: "assistant", content: "Beep boop, robot noises!" }, finish_reason: "stop" },
      ],
      usage: { prompt_tokens: 18, completion_tokens: 7, total_tokens: 25 },
    });
  });

  it("maps native tool calls: object arguments stringified, ids generated, finish tool_calls", () => {
    expect(parse(fixtureJson("binding-tool-call.response.json")).choices[0]).toEqual({
      index: 0,
      finish_reason: "tool_calls",
      message: {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_gw2_0",
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"Austin, TX"}' },
          },
        ],
      },
    });
  });

  it("maps parallel tool calls in either native shape, keeping ids the model gave", () => {
    const calls = parse(fixtureJson("binding-parallel-tool-calls.response.json")).choices[0]!.message.tool_calls!;
    expect(calls.map((t) => [t.id, t.function.name, JSON.parse(t.function.arguments)])).toEqual([
      ["call_gw2_0", "get_weather", { location: "Paris" }],
      ["chatcmpl-tool-7f0e", "get_weather", { location: "Tokyo" }],
    ]);
  });

  it("turns a JSON-mode object response into the content string", () => {
    expect(JSON.parse(parse(fixtureJson("binding-json-mode.response.json")).choices[0]!.message.content!)).toEqual({
      name: "Ada",
      age: 36,
    });
  });

  it("accepts a bare string output and a missing usage", () => {
    const c = parse("just text");
    expect(c.choices[0]!.message.content).toBe("just text");
    expect(c).not.toHaveProperty("usage");
  });

  it.each([
    ["length", "length"],
    ["max_tokens", "length"],
    ["stop", "stop"],
  ])("maps a native finish_reason %s to %s", (finish_reason, finish) => {
    expect(parse({ response: "x", finish_reason }).choices[0]!.finish_reason).toBe(finish);
  });
});

describe("workers_ai response: OpenAI-shaped", () => {
  it("passes the REST endpoint's completion through", () => {
    const c = parse(fixtureJson("rest-text.response.json"));
    expect(c).toMatchObject({
      id: "id-1750000000123",
      model: MODEL,
      usage: { prompt_tokens: 18, completion_tokens: 7, total_tokens: 25 },
    });
    expect(c.choices[0]).toMatchObject({ message: { content: "Beep boop, robot noises!" }, finish_reason: "stop" });
  });

  it("keeps reasoning_content of models that return a chat.completion from the binding", () => {
    const m = parse(fixtureJson("binding-reasoning.response.json")).choices[0]!.message;
    expect(m).toMatchObject({ content: "391", reasoning_content: "17*23: 17*20=340, 17*3=51, 391." });
  });

  it("unwraps Cloudflare's {success, result} envelope", () => {
    expect(
      parse({ success: true, errors: [], messages: [], result: { response: "wrapped" } }).choices[0]!.message.content,
    ).toBe("wrapped");
  });

  it("throws an error envelope that came with status 200", () => {
    expect(() => parse({ success: false, errors: [{ code: 3040, message: "Capacity temporarily exceeded" }] })).toThrow(
      /Capacity/,
    );
  });

  it("answers a body of the wrong shape with a 502", () => {
    expect(() => parse({ choices: "nope" })).toThrow(BadGatewayError);
  });
});
