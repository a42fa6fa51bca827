import { describe, expect, it } from "vitest";
import { anthropicMessages } from "../../../src/providers/anthropic/messages.js";
import { callNativeCountTokens, callNativeMessages } from "../../../src/upstream/call-native-messages.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import { fixtureText } from "../../helpers/fixtures.js";
import { nativeContext, nativeInput } from "../../helpers/native-messages.js";

// One native Messages attempt against a fetch that answers with recorded Anthropic traffic, cut or broken
// on purpose: when the attempt commits to the deployment, what the client still gets, and what is aborted.
const KEY = "sk-ant-secret-0000";
const BODY = '{"model":"claude","max_tokens":32,"messages":[{"role":"user","content":"Hi"}]}';
const STREAM = fixtureText("anthropic-messages/native.stream.txt");
const frames = STREAM.split("\n\n").filter((f) => f.trim() !== "");
const ERROR_EVENT = 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';

interface Upstream {
  fetch: typeof fetch;
  /** The signal the attempt's fetch was given. */
  signal(): AbortSignal | undefined;
}

/** A fetch answering with `text` (an SSE body, frame by frame, unless a status is given), or a body that stays open. */
function upstream(text: string, opts: { status?: number; hold?: boolean } = {}): Upstream {
  let signal: AbortSignal | undefined;
  const answer = (async (_url: string, init?: RequestInit) => {
    signal = init?.signal ?? undefined;
    if (opts.status) return new Response(text, { status: opts.status });
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        // One read per SSE frame, as a network delivers a stream that trickles in.
        for (const frame of text.split(/(?<=\n\n)/)) c.enqueue(new TextEncoder().encode(frame));
        if (!opts.hold) c.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  }) as typeof fetch;
  return { fetch: answer, signal: () => signal };
}

function attempt(u: Upstream, stream = true) {
  return callNativeMessages({
    builder: anthropicMessages,
    ctx: nativeContext({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      params: { api_key: KEY },
      stream,
      fetch: u.fetch,
    }),
    input: nativeInput(BODY),
    timeouts: {},
    requestId: "req-1",
  });
}

const join = (fs: readonly string[]) => `${fs.join("\n\n")}\n\n`;

async function drain(source: { next(): Promise<Array<{ event: string }> | null> }): Promise<string[]> {
  const names: string[] = [];
  for (let e = await source.next(); e !== null; e = await source.next()) names.push(...e.map((x) => x.event));
  return names;
}

describe("callNativeMessages", () => {
  it("a stream commits at its first content event; the rest follows in order and its usage is the final one", async () => {
    const r = await attempt(upstream(STREAM));
    if (r.kind !== "stream") throw new Error("expected a stream");
    expect(r.head.at(-1)!.event).toBe("content_block_delta");
    expect(r.head[0]).toMatchObject({ event: "message_start" });
    const rest = await drain(r.source);
    const all = [...r.head.map((e) => e.event), ...rest];
    expect(all).toEqual(frames.map((f) => /^event: (\S+)/.exec(f)![1]));
    expect(r.source.usage()).toMatchObject({ input_tokens: 312, cache_read_input_tokens: 2048 });
  });

  it("an error event before any content fails the attempt (so the router may retry or fall back)", async () => {
    const e = await attempt(upstream(join([frames[0]!, ERROR_EVENT]))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GatewayError);
    expect((e as GatewayError).status).toBe(503);
    expect((e as GatewayError).retryable).toBe(true);
  });

  it("after content, the events before an error go out first and the error ends the stream", async () => {
    const r = await attempt(upstream(join([...frames.slice(0, 5), ERROR_EVENT])));
    if (r.kind !== "stream") throw new Error("expected a stream");
    const seen = r.head.map((e) => e.event);
    const e = await drain(r.source).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GatewayError);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain("error");
  });

  it("a stream that ends before message_stop is an incomplete-stream error, not a clean end", async () => {
    const r = await attempt(upstream(join(frames.slice(0, -3))));
    if (r.kind !== "stream") throw new Error("expected a stream");
    const e = await drain(r.source).catch((x: unknown) => x);
    expect((e as GatewayError).code).toBe("upstream_stream_incomplete");
  });

  it("cancelling the stream (the client went away) aborts the upstream fetch", async () => {
    const u = upstream(join(frames.slice(0, 5)), { hold: true });
    const r = await attempt(u);
    if (r.kind !== "stream") throw new Error("expected a stream");
    expect(u.signal()!.aborted).toBe(false);
    await r.source.cancel("client gone");
    expect(u.signal()!.aborted).toBe(true);
  });

  it("a non-stream answer passes on as the vendor's text; an error answer is mapped and holds no secret", async () => {
    const answer = fixtureText("anthropic-messages/native.response.json");
    const r = await attempt(upstream(answer, { status: 200 }), false);
    expect(r).toEqual({
      kind: "json",
      body: answer,
      usage: expect.objectContaining({ output_tokens: expect.any(Number) }),
    });
    const failed = await attempt(
      upstream(`{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key ${KEY}"}}`, {
        status: 401,
      }),
      false,
    ).catch((x: unknown) => x);
    expect((failed as GatewayError).status).toBe(401);
    expect((failed as GatewayError).message).not.toContain(KEY);
  });

  it("count_tokens reads the vendor's count", async () => {
    const count = await callNativeCountTokens({
      builder: anthropicMessages,
      ctx: nativeContext({
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        params: { api_key: KEY },
        fetch: upstream('{"input_tokens":42}', { status: 200 }).fetch,
      }),
      input: nativeInput(BODY),
      requestId: "req-2",
    });
    expect(count).toEqual({ input_tokens: 42 });
  });
});
