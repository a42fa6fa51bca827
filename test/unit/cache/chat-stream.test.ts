import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatCompletionAssembler } from "../../../src/cache/chat-assembler.js";
import { chatCompletionChunks, replayChatStream } from "../../../src/cache/chat-replay.js";
import { chatStreamRecorder } from "../../../src/cache/chat-stream-recorder.js";
import type { ChatCompletion } from "../../../src/openai/chat-response.js";
import { fixtureText } from "../../helpers/fixtures.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Pipe `parts` through a recorder; the bytes the client got and what the recorder completed with. */
async function record(
  parts: string[],
  opts: { storeTruncated?: boolean; usage?: ChatCompletion["usage"] } = {},
): Promise<{ out: string; completed: ChatCompletion[] }> {
  const completed: ChatCompletion[] = [];
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      c.close();
    },
  });
  const body = source.pipeThrough(
    chatStreamRecorder({
      storeTruncated: opts.storeTruncated ?? false,
      onComplete: (x) => completed.push(x),
      usage: () => opts.usage,
    }),
  );
  return { out: await new Response(body).text(), completed };
}

/** A fixture split at awkward places (mid-frame, mid-UTF-8 is not possible in a string, mid-line). */
const split = (text: string, size: number) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

/** The fixture as a client without stream_options.include_usage gets it (no usage chunk). */
const withoutUsageChunk = (text: string) => text.replace(/data: \{[^\n]*"usage"[^\n]*\n\n/, "");

const toolCallCompletion: ChatCompletion = {
  id: "chatcmpl-cached",
  object: "chat.completion",
  created: 1_800_000_000,
  model: "gpt-4o",
  system_fingerprint: "fp_1",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: "Let me check.",
        reasoning_content: "The user wants weather.",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          { id: "call_2", type: "function", function: { name: "get_time", arguments: '{"tz":"CET"}' } },
        ],
      },
      finish_reason: "tool_calls",
    },
  ],
  usage: { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 },
};

describe("stream recorder", () => {
  it("hands every byte on unchanged and assembles the answer, tool calls included", async () => {
    const text = fixtureText("openai/tool-call.stream.chunks.txt");
    const { out, completed } = await record(split(text, 37));
    expect(out).toBe(text);
    expect(completed).toHaveLength(1);
    expect(completed[0]).toEqual({
      id: "chatcmpl-t1",
      object: "chat.completion",
      created: 1694268190,
      model: "gpt-4o",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_abc", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
            ],
          },
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 },
    });
  });

  it("takes the usage the gateway kept from the client when the stream carried none", async () => {
    const kept = { prompt_tokens: 40, completion_tokens: 20, total_tokens: 60 };
    const { completed } = await record([withoutUsageChunk(fixtureText("openai/stream.chunks.txt"))], { usage: kept });
    expect(completed[0]!.choices[0]!.message.content).toBe("Hello world");
    expect(completed[0]!.usage).toEqual(kept);
    expect(completed[0]!.system_fingerprint).toBe("fp_44709d6fcb");
    // a stream that carried its usage keeps it
    const own = await record([fixtureText("openai/stream.chunks.txt")], { usage: kept });
    expect(own.completed[0]!.usage).toEqual({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 });
  });

  it("never completes a stream that ended in an error event", async () => {
    const text = fixtureText("openai/stream.chunks.txt").replace(
      /data: \{[^\n]*"finish_reason":"stop"[^\n]*\n\n/,
      'data: {"error":{"message":"upstream failed","type":"api_error","param":null,"code":null}}\n\n',
    );
    const { out, completed } = await record([text]);
    expect(out).toContain("upstream failed"); // the client still got everything
    expect(completed).toEqual([]);
  });

  it("never completes a cut stream (no [DONE]) or one whose choices did not finish", async () => {
    const full = fixtureText("openai/stream.chunks.txt");
    expect((await record([full.replace("data: [DONE]\n\n", "")])).completed).toEqual([]);
    const unfinished = full.replace('"finish_reason":"stop"', '"finish_reason":null');
    expect((await record([unfinished])).completed).toEqual([]);
  });

  it('stores a "length" answer only when configured; never a content_filter one', async () => {
    const length = fixtureText("openai/stream.chunks.txt").replace(
      '"finish_reason":"stop"',
      '"finish_reason":"length"',
    );
    expect((await record([length])).completed).toEqual([]);
    expect((await record([length], { storeTruncated: true })).completed).toHaveLength(1);
    const filtered = length.replace('"finish_reason":"length"', '"finish_reason":"content_filter"');
    expect((await record([filtered], { storeTruncated: true })).completed).toEqual([]);
  });

  it("never completes a stream the client cancelled", async () => {
    let completed = 0;
    const chunks = split(fixtureText("openai/stream.chunks.txt"), 50);
    const source = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(enc.encode(next));
        else c.close();
      },
    });
    const reader = source
      .pipeThrough(chatStreamRecorder({ storeTruncated: false, onComplete: () => completed++ }))
      .getReader();
    await reader.read();
    await reader.cancel("client went away");
    await new Promise((r) => setTimeout(r, 0));
    expect(completed).toBe(0);
  });

  it("does not hold bytes back: each piece reaches the reader before the next is written", async () => {
    const recorder = chatStreamRecorder({ storeTruncated: false, onComplete: () => {} });
    const writer = recorder.writable.getWriter();
    const reader = recorder.readable.getReader();
    const frames = fixtureText("openai/stream.chunks.txt").split(/(?<=\n\n)/);
    for (const f of frames) {
      const written = writer.write(enc.encode(f));
      const got = await reader.read();
      expect(dec.decode(got.value)).toBe(f);
      await written;
    }
    await writer.close();
    expect((await reader.read()).done).toBe(true);
  });
});

describe("replay", () => {
  it("chunks in OpenAI's shape that assemble back into the stored completion", () => {
    const chunks = chatCompletionChunks(toolCallCompletion);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.at(-1)!.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "tool_calls" });
    for (const c of chunks) {
      expect(c).toMatchObject({ id: "chatcmpl-cached", object: "chat.completion.chunk", model: "gpt-4o" });
      expect(c.usage).toBeUndefined();
    }
    const a = new ChatCompletionAssembler();
    for (const c of chunks) a.add(c);
    expect(a.result(toolCallCompletion.usage)).toEqual(toolCallCompletion);
  });

  it("ends with the usage chunk only when asked, then data: [DONE]", async () => {
    const withUsage = await new Response(replayChatStream(toolCallCompletion, { includeUsage: true })).text();
    const frames = withUsage.trim().split("\n\n");
    expect(frames.at(-1)).toBe("data: [DONE]");
    expect(JSON.parse(frames.at(-2)!.slice(6))).toEqual({
      id: "chatcmpl-cached",
      object: "chat.completion.chunk",
      created: 1_800_000_000,
      model: "gpt-4o",
      choices: [],
      usage: toolCallCompletion.usage,
    });
    const without = await new Response(replayChatStream(toolCallCompletion, { includeUsage: false })).text();
    expect(without).not.toContain('"usage"');
    expect(without.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});

describe("the official openai client reads a replayed stream", () => {
  let server: http.Server;
  let stored: ChatCompletion = toolCallCompletion;
  let client: OpenAI;
  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      let raw = "";
      for await (const d of req) raw += d;
      const body = JSON.parse(raw) as { stream_options?: { include_usage?: boolean } };
      res.writeHead(200, { "content-type": "text/event-stream" });
      const reader = replayChatStream(stored, {
        includeUsage: body.stream_options?.include_usage === true,
      }).getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) res.write(r.value);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    client = new OpenAI({
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      apiKey: "sk-test",
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("content, reasoning, parallel tool calls, finish reason and usage come out as stored", async () => {
    stored = toolCallCompletion;
    const stream = client.chat.completions.stream({
      model: "gpt-4o",
      messages: [{ role: "user", content: "weather and time in Paris?" }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    const choice = final.choices[0]!;
    expect(choice.message.content).toBe("Let me check.");
    expect(choice.finish_reason).toBe("tool_calls");
    expect(
      choice.message.tool_calls?.map((t) => t.type === "function" && [t.id, t.function.name, t.function.arguments]),
    ).toEqual([
      ["call_1", "get_weather", '{"city":"Paris"}'],
      ["call_2", "get_time", '{"tz":"CET"}'],
    ]);
    expect(final.usage).toEqual(toolCallCompletion.usage);
    expect(final.id).toBe("chatcmpl-cached");
  });

  it("a recorded stream, replayed, reads the same as the original did", async () => {
    const { completed } = await record([withoutUsageChunk(fixtureText("openai/stream.chunks.txt"))], {
      usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
    });
    stored = completed[0]!;
    const chunks = [];
    for await (const c of await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    }))
      chunks.push(c);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Hello world");
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.some((c) => c.usage)).toBe(false); // not asked for
  });
});
