import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, RateLimitError, ServiceUnavailableError, type MessageStreamEvent } from "../../../src/index.js";
import { sendJson, sendSse, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../../helpers/fixtures.js";
import { validateAnthropicStream } from "../../helpers/anthropic-stream-grammar.js";

// Library mode in plain Node: messages() beside completion(), natively on Claude and translated elsewhere.
let up: MockUpstream;
beforeAll(async () => {
  up = await startMockUpstream();
});
afterAll(async () => {
  await up?.close();
});

const hello = { max_tokens: 64, messages: [{ role: "user" as const, content: "Hello" }] };

async function collect(events: AsyncIterable<MessageStreamEvent>): Promise<MessageStreamEvent[]> {
  const out: MessageStreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("messages()", () => {
  it("Claude natively: the Message as Anthropic sent it, with the version and betas asked for", async () => {
    const answer = fixtureJson<Record<string, unknown>>("anthropic-messages/native.response.json");
    up.handle((_r, res) => sendJson(res, 200, answer));
    const m = await messages({
      model: "anthropic/claude-sonnet-4-5",
      api_key: "sk-ant-lib",
      api_base: up.url,
      anthropic_beta: ["interleaved-thinking-2025-05-14"],
      ...hello,
    });
    expect(m).toEqual(answer);
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe("sk-ant-lib");
    expect(sent.headers["anthropic-beta"]).toBe("interleaved-thinking-2025-05-14");
    expect(JSON.parse(sent.body).model).toBe("claude-sonnet-4-5");
  });

  it("an OpenAI model through translation, streamed as Anthropic events in Anthropic's grammar", async () => {
    up.handle((_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixtureText("openai/stream.chunks.txt"));
    });
    const events = await collect(
      await messages({
        model: "openai/gpt-4o-mini",
        api_key: "sk-lib",
        api_base: `${up.url}/v1`,
        ...hello,
        stream: true,
      }),
    );
    const assembled = validateAnthropicStream(events);
    expect(assembled.message.content).toEqual([{ type: "text", text: "Hello world" }]);
    expect(assembled.message.usage).toMatchObject({ input_tokens: 9, output_tokens: 2 });
  });

  it("throws the gateway's error classes, before a stream and inside one", async () => {
    up.handle((_r, res) => sendJson(res, 429, fixtureJson("openai/error-rate-limit.json"), { "retry-after": "1" }));
    await expect(
      messages({ model: "openai/gpt-4o", api_key: "k", api_base: `${up.url}/v1`, ...hello }),
    ).rejects.toBeInstanceOf(RateLimitError);
    up.handle((_r, res) =>
      sendSse(res, [
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
      ]),
    );
    const stream = await messages({
      model: "anthropic/claude-sonnet-4-5",
      api_key: "k",
      api_base: up.url,
      ...hello,
      stream: true,
    });
    await expect(collect(stream)).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
