import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { responsesSseFrame } from "../../../../src/codecs/responses/sse.js";
import { ResponsesStreamEncoder } from "../../../../src/codecs/responses/stream-encoder.js";
import { toResponse } from "../../../../src/codecs/responses/to-response.js";
import type { ChatCompletion } from "../../../../src/openai/chat-response.js";
import { chunksOf, completion, responseContext } from "../../../helpers/responses-fixtures.js";

// The official openai SDK (its Responses stream accumulator, and its non-stream parser) reading the
// translated answer: what an SDK user sees is the same whether they stream or not.

/** An SDK whose fetch serves the translation of `answer` (SSE when the request streams, JSON otherwise). */
function sdkServing(answer: ChatCompletion, request: Record<string, unknown>): OpenAI {
  const serve = async (_url: unknown, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { stream?: boolean };
    if (!body.stream)
      return new Response(JSON.stringify(toResponse(answer, responseContext(request))), {
        headers: { "content-type": "application/json" },
      });
    const enc = new ResponsesStreamEncoder(responseContext(request));
    const events = [...enc.start(), ...chunksOf(answer).flatMap((c) => enc.push(c)), ...enc.finish()];
    const frames = events.map(responsesSseFrame);
    return new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          for (const f of frames) c.enqueue(f);
          c.close();
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  };
  return new OpenAI({ apiKey: "sk-test", baseURL: "http://gateway.test/v1", fetch: serve, maxRetries: 0 });
}

/** The SDK's own additions (output_text, parsed fields), which its stream and non-stream paths fill differently. */
function withoutSdkFields(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutSdkFields);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !["output_text", "output_parsed", "parsed", "parsed_arguments"].includes(k))
        .map(([k, x]) => [k, withoutSdkFields(x)]),
    );
  return v;
}

function textOf(r: OpenAI.Responses.Response): string {
  return r.output
    .flatMap((o) => (o.type === "message" ? o.content : []))
    .map((c) => (c.type === "output_text" ? c.text : ""))
    .join("");
}

const TOOLS = [
  { type: "function" as const, name: "weather", parameters: { type: "object" }, strict: false },
  { type: "function" as const, name: "time", parameters: { type: "object" }, strict: false },
];

describe("the openai SDK on a translated stream", () => {
  it("assembles reasoning, text and parallel tool calls into the non-stream response", async () => {
    const request = {
      input: "Weather and time in Paris?",
      tools: TOOLS,
      reasoning: { effort: "low", summary: "auto" },
    };
    const answer = completion({
      reasoning_content: "Two tools are needed.",
      thinking_blocks: [{ type: "thinking", thinking: "Two tools are needed.", signature: "sig" }],
      content: "Let me check both.",
      tool_calls: [
        { id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
        { id: "call_2", type: "function", function: { name: "time", arguments: '{"tz":"Europe/Paris"}' } },
      ],
    });
    const client = sdkServing(answer, request);
    const params = {
      model: "claude-group",
      ...request,
      reasoning: { effort: "low" as const, summary: "auto" as const },
    };
    const stream = client.responses.stream(params);
    const snapshots: string[] = [];
    stream.on("response.output_text.delta", (e) => snapshots.push(e.snapshot));
    const streamed = await stream.finalResponse();
    const direct = await client.responses.create(params);
    expect(withoutSdkFields(streamed)).toEqual(withoutSdkFields(direct));
    expect(withoutSdkFields(streamed)).toEqual(toResponse(answer, responseContext(request)));
    expect(direct.output_text).toBe("Let me check both.");
    expect(snapshots[snapshots.length - 1]).toBe("Let me check both.");
    expect(streamed.output.map((o) => o.type)).toEqual(["reasoning", "message", "function_call", "function_call"]);
  });

  it("assembles structured output the same way (text.format json_schema)", async () => {
    const format = {
      type: "json_schema" as const,
      name: "city",
      schema: { type: "object", properties: { name: { type: "string" } } },
      strict: false,
    };
    const answer = completion({ content: '{"name":"Paris"}' });
    const client = sdkServing(answer, { input: "A city?", text: { format } });
    const params = { model: "claude-group", input: "A city?", text: { format } };
    const streamed = await client.responses.stream(params).finalResponse();
    const parsed = await client.responses.parse(params);
    expect(withoutSdkFields(streamed)).toEqual(withoutSdkFields(parsed));
    expect(parsed.output_parsed).toEqual({ name: "Paris" });
  });

  it("builds the same text and arguments from the deltas alone when the response ends incomplete", async () => {
    const answer = completion(
      {
        content: "A long answer that was cu",
        tool_calls: [{ id: "c", type: "function", function: { name: "weather", arguments: '{"ci' } }],
      },
      { finish: "length" },
    );
    const client = sdkServing(answer, { input: "Q", tools: TOOLS, max_output_tokens: 16 });
    const params = { model: "claude-group", input: "Q", tools: TOOLS, max_output_tokens: 16 };
    // No response.completed: the SDK's final response is what it accumulated from the events.
    const streamed = await client.responses.stream(params).finalResponse();
    const direct = await client.responses.create(params);
    expect(direct.status).toBe("incomplete");
    expect(textOf(streamed)).toBe("A long answer that was cu");
    expect(textOf(streamed)).toBe(direct.output_text);
    const args = (r: typeof direct) => r.output.flatMap((o) => (o.type === "function_call" ? [o.arguments] : []));
    expect(args(streamed)).toEqual(args(direct));
  });
});
