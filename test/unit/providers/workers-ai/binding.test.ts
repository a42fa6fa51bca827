import { describe, expect, it } from "vitest";
import type { ProviderContext } from "../../../../src/providers/provider.js";
import { workersAiAdapter } from "../../../../src/providers/workers-ai/index.js";
import { parseCompletion } from "../../../helpers/parse-completion.js";
import { assemble, runAdapterStream } from "../../../helpers/run-stream.js";
import { HELLO, MODEL, fakeBinding, fixtureJson, fixtureText, makeCtx, sseStream } from "./context.js";

/** What the gateway does with an adapter that has send(): build, send, then parse or stream. */
async function roundTrip(ctx: ProviderContext) {
  const res = await workersAiAdapter.send!(ctx, await workersAiAdapter.buildRequest(ctx));
  if (!res.ok)
    return {
      error: workersAiAdapter.parseError(ctx, { status: res.status, headers: res.headers, body: await res.text() }),
    };
  if (!ctx.stream) {
    const completion = parseCompletion({ adapter: workersAiAdapter, ctx, body: JSON.parse(await res.text()) });
    return { completion };
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const run = await runAdapterStream({ adapter: workersAiAdapter, ctx, input: bytes });
  return { run, contentType: res.headers.get("content-type") };
}

describe("workers_ai binding: inputs", () => {
  it("calls ai.run with the model id and native inputs", async () => {
    const ai = fakeBinding(() => fixtureJson("binding-text.response.json"));
    await roundTrip(
      makeCtx({
        request: {
          messages: HELLO,
          max_completion_tokens: 64,
          temperature: 0.2,
          top_p: 0.9,
          seed: 1,
          frequency_penalty: 0.1,
          presence_penalty: 0.2,
        },
        ai,
      }),
    );
    expect(ai.calls).toEqual([
      {
        model: MODEL,
        inputs: {
          messages: [{ role: "user", content: "Hello" }],
          max_tokens: 64,
          temperature: 0.2,
          top_p: 0.9,
          seed: 1,
          frequency_penalty: 0.1,
          presence_penalty: 0.2,
        },
        options: {},
      },
    ]);
  });

  it("passes the attempt's abort signal to ai.run", async () => {
    const ai = fakeBinding(() => ({ response: "x" }));
    const signal = new AbortController().signal;
    await roundTrip(makeCtx({ request: { messages: HELLO }, ai, signal }));
    expect(ai.calls[0]!.options).toEqual({ signal });
  });

  it("maps messages: system text, non-null assistant content, tool results naming their tool, images kept as parts", async () => {
    const ai = fakeBinding(() => ({ response: "x" }));
    const image = { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } };
    await roundTrip(
      makeCtx({
        ai,
        request: {
          messages: [
            { role: "developer", content: [{ type: "text", text: "Be brief." }] },
            { role: "user", content: [{ type: "text", text: "What is this?" }, image] },
            {
              role: "assistant",
              content: null,
              tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":"png"}' } }],
            },
            { role: "tool", tool_call_id: "c1", content: "a PNG header" },
          ],
        },
      }),
    );
    expect(ai.calls[0]!.inputs.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "What is this?" }, image] },
      {
        role: "assistant",
        content: "",
        tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":"png"}' } }],
      },
      { role: "tool", content: "a PNG header", tool_call_id: "c1", name: "lookup" },
    ]);
  });

  it("sends tools OpenAI-shaped; tool_choice none drops them, a named function keeps only it", async () => {
    const ai = fakeBinding(() => ({ response: "x" }));
    const tools = [
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Weather",
          parameters: { type: "object", properties: { location: { type: "string" } } },
        },
      },
      { type: "function", function: { name: "get_time" } },
    ];
    await roundTrip(makeCtx({ ai, request: { messages: HELLO, tools } }));
    await roundTrip(makeCtx({ ai, request: { messages: HELLO, tools, tool_choice: "none" } }));
    await roundTrip(
      makeCtx({
        ai,
        request: { messages: HELLO, tools, tool_choice: { type: "function", function: { name: "get_time" } } },
      }),
    );
    expect(ai.calls[0]!.inputs.tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Weather",
          parameters: { type: "object", properties: { location: { type: "string" } } },
        },
      },
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
    ]);
    expect(ai.calls[1]!.inputs).not.toHaveProperty("tools");
    expect(ai.calls[2]!.inputs.tools).toEqual([
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
    ]);
  });

  it("maps JSON mode to the binding's response_format (the schema itself for json_schema)", async () => {
    const ai = fakeBinding(() => fixtureJson("binding-json-mode.response.json"));
    const schema = { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } } };
    const { completion } = await roundTrip(
      makeCtx({
        ai,
        request: { messages: HELLO, response_format: { type: "json_schema", json_schema: { name: "person", schema } } },
      }),
    );
    await roundTrip(makeCtx({ ai, request: { messages: HELLO, response_format: { type: "json_object" } } }));
    expect(ai.calls[0]!.inputs.response_format).toEqual({ type: "json_schema", json_schema: schema });
    expect(ai.calls[1]!.inputs.response_format).toEqual({ type: "json_object" });
    expect(JSON.parse(completion!.choices[0]!.message.content!)).toEqual({ name: "Ada", age: 36 });
  });
});

describe("workers_ai binding: outputs", () => {
  it("wraps a non-stream output as JSON and maps it to a completion", async () => {
    const ai = fakeBinding(() => fixtureJson("binding-text.response.json"));
    const { completion } = await roundTrip(makeCtx({ request: { messages: HELLO }, ai }));
    expect(completion!.choices[0]!.message).toEqual({ role: "assistant", content: "Beep boop, robot noises!" });
    expect(completion!.usage).toEqual({ prompt_tokens: 18, completion_tokens: 7, total_tokens: 25 });
  });

  it("wraps a stream's SSE bytes as an event-stream response and maps it", async () => {
    const ai = fakeBinding((inputs) =>
      inputs.stream === true ? sseStream(fixtureText("binding-text.chunks.txt")) : null,
    );
    const { run, contentType } = await roundTrip(
      makeCtx({ request: { messages: HELLO, stream: true }, stream: true, ai }),
    );
    expect(ai.calls[0]!.inputs.stream).toBe(true);
    expect(contentType).toBe("text/event-stream");
    expect(run!.done).toBe(true);
    expect(assemble(run!.chunks)).toMatchObject({ role: "assistant", content: "Beep böop ✓", finishReason: "stop" });
    expect(run!.chunks.at(-1)!.usage).toEqual({ prompt_tokens: 18, completion_tokens: 3, total_tokens: 21 });
  });

  it("streams a model that answers a stream request with a whole object", async () => {
    const ai = fakeBinding(() => fixtureJson("binding-tool-call.response.json"));
    const { run } = await roundTrip(makeCtx({ request: { messages: HELLO, stream: true }, stream: true, ai }));
    const a = assemble(run!.chunks);
    expect(a.toolCalls.map((t) => [t.name, JSON.parse(t.arguments)])).toEqual([
      ["get_weather", { location: "Austin, TX" }],
    ]);
    expect(a.finishReason).toBe("tool_calls");
    expect(run!.chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 230, completion_tokens: 21 });
  });

  it("streams a chat.completion object handed back for a stream request", async () => {
    const ai = fakeBinding(() => fixtureJson("binding-reasoning.response.json"));
    const { run } = await roundTrip(makeCtx({ request: { messages: HELLO, stream: true }, stream: true, ai }));
    expect(run!.done).toBe(true);
    expect(assemble(run!.chunks)).toMatchObject({
      role: "assistant",
      reasoning: "17*23: 17*20=340, 17*3=51, 391.",
      content: "391",
      finishReason: "stop",
    });
    expect(run!.chunks.filter((c) => c.choices.some((ch) => ch.finish_reason))).toHaveLength(1);
    expect(run!.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 20, completion_tokens: 90, total_tokens: 110 },
    });
  });

  it.each([
    ["5007: No such model @cf/meta/llama-9 or task", "NotFoundError", 404],
    ["AiError: 3036: You have used up your daily free allocation of 10,000 neurons.", "RateLimitError", 429],
    ["3006: Request is too large", "RequestTooLargeError", 413],
    ["InferenceUpstreamError: something broke", "InternalServerError", 500],
  ])("turns a thrown binding error (%s) into %s", async (message, kind, status) => {
    const ai = fakeBinding(() => {
      throw new Error(message);
    });
    const { error } = await roundTrip(makeCtx({ request: { messages: HELLO }, ai }));
    expect(error!.kind).toBe(kind);
    expect(error!.status).toBe(status);
    expect(error!.message).toContain(message);
  });

  it("rethrows when the attempt was aborted (timeout or client gone)", async () => {
    const ctl = new AbortController();
    const ai = fakeBinding(() => {
      ctl.abort();
      throw new Error("The operation was aborted");
    });
    const ctx = makeCtx({ request: { messages: HELLO }, ai, signal: ctl.signal });
    await expect(workersAiAdapter.send!(ctx, await workersAiAdapter.buildRequest(ctx))).rejects.toThrow(/aborted/);
  });
});
