import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { chunkFrame, startTaggedUpstream, streamOf, type TaggedUpstream } from "../helpers/tagged-upstream.js";

// Streams through the router: a failure before the first token falls back invisibly; after it,
// the client gets what was sent, one OpenAI-shaped error event and a clean end.
let up: TaggedUpstream;
let gw: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  up = await startTaggedUpstream();
  const dep = up.deployment;
  gw = await startGateway({
    config: configWith(
      [
        dep("slow", "slow", "stream_timeout: 0.5"),
        dep("fast", "fast"),
        dep("cut-early", "early-bad", "order: 1"),
        dep("cut-early", "early-good", "order: 2"),
        dep("cut-late", "late"),
      ].join("\n"),
      `router_settings:\n  num_retries: 1\n  fallbacks: [{ slow: [fast] }]\n`,
    ),
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<string> {
  let text = "";
  for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
  return text;
}

describe("streams through the router", () => {
  it("a slow first byte hits stream_timeout, the upstream fetch is aborted, and the fallback answers", async () => {
    let slowClosed!: () => void;
    const closed = new Promise<void>((r) => (slowClosed = r));
    up.on("slow", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.flushHeaders();
      const t = setTimeout(() => streamOf(res, ["too", "late"]), 10_000);
      res.on("close", () => {
        clearTimeout(t);
        slowClosed();
      });
    });
    up.on("fast", (res) => streamOf(res, ["Hello", " there"]));
    // num_retries is a gateway field the SDK's types do not know.
    const params = {
      model: "slow",
      stream: true as const,
      messages: [{ role: "user" as const, content: "hi" }],
      num_retries: 0,
    };
    const { data: stream, response } = await client.chat.completions.create(params).withResponse();
    expect(await collect(stream)).toBe("Hello there");
    expect(response.headers.get("x-switchyard-attempted-fallbacks")).toBe("1");
    expect(response.headers.get("x-switchyard-model-id")).toBe("fast");
    await closed; // the gateway closed the slow upstream connection (resolves only if it did)
    expect(up.calls("slow")).toHaveLength(1);
  });

  it("a stream cut before its first token falls back invisibly to the next deployment", async () => {
    up.on("early-bad", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunkFrame({ role: "assistant", content: "" }));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    up.on("early-good", (res) => streamOf(res, ["All", " good"]));
    const { data: stream, response } = await client.chat.completions
      .create({ model: "cut-early", stream: true, messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(await collect(stream)).toBe("All good");
    expect(response.headers.get("x-switchyard-model-id")).toBe("early-good");
    expect(response.headers.get("x-switchyard-attempted-retries")).toBe("1");
    expect(up.calls("early-bad")).toHaveLength(1);
  });

  it("a stream cut after its first token ends with an error event and a clean close", async () => {
    up.on("late", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunkFrame({ role: "assistant", content: "Hel" }));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const stream = await client.chat.completions.create({
      model: "cut-late",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    let text = "";
    const err = await (async () => {
      for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
    })().catch((e: unknown) => e);
    expect(text).toBe("Hel");
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as Error).message).toMatch(/connection to openai failed/);
    // the wire: content, one error event, [DONE], end of body
    const raw = await gw.call("/v1/chat/completions", {
      body: { model: "cut-late", stream: true, messages: [{ role: "user", content: "hi" }] },
    });
    const body = await raw.text();
    const frames = body.trim().split("\n\n");
    expect(frames.at(-1)).toBe("data: [DONE]");
    expect(JSON.parse(frames.at(-2)!.slice(6))).toMatchObject({ error: { type: "api_connection_error" } });
    expect(up.calls("late")).toHaveLength(2); // no retry once tokens were sent
  });
});
