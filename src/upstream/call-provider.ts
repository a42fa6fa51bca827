import { APIConnectionError, BadGatewayError, GatewayError } from "../errors/gateway-error.js";
import type { ChatCompletionRequest } from "../openai/chat-request.js";
import type { ChatCompletion, ChatCompletionChunk } from "../openai/chat-response.js";
import type { ChatAdapter, ProviderContext, StreamMapper, UpstreamEvent } from "../providers/provider.js";
import { framesFor } from "../streaming/framing.js";
import type { ChunkSource } from "../streaming/chunk-source.js";
import { secretValuesOf } from "../errors/redact.js";
import { AttemptScope } from "./abort.js";
import { fetchUpstream, transportError } from "./fetch-upstream.js";
import { readErrorBody, scrubbed } from "./upstream-errors.js";

export interface CallTimeouts {
  /** Whole request (non-stream), or until the response headers (stream). ms */
  timeoutMs?: number;
  /** Time to the first chunk of a stream. ms */
  streamTimeoutMs?: number;
}

/** A chat attempt's answer; `free` marks one that cost nothing (a mock answer: no upstream was called). */
export type CallResult =
  | { kind: "json"; completion: ChatCompletion; free?: boolean }
  | { kind: "stream"; head: ChatCompletionChunk[]; source: ChunkSource; free?: boolean };

/**
 * One attempt against one deployment. Non-stream: the mapped completion. Stream: resolves once
 * the first chunk with content is in hand (so failures before it can still be retried elsewhere).
 */
export async function callProvider<Req = ChatCompletionRequest>(opts: {
  adapter: ChatAdapter<Req>;
  ctx: ProviderContext<Req>;
  timeouts: CallTimeouts;
  clientSignal?: AbortSignal;
}): Promise<CallResult> {
  const { adapter, ctx, timeouts } = opts;
  const scope = new AttemptScope(opts.clientSignal);
  scope.arm(timeouts.timeoutMs, `request to ${adapter.name}`);
  try {
    const req = await adapter.buildRequest({ ...ctx, signal: scope.signal });
    const res = await fetchUpstream({ provider: adapter.name, send: adapter.send?.bind(adapter), ctx, req, scope });
    if (!res.ok) {
      const body = await readErrorBody(res);
      throw scrubbed(
        adapter.parseError(ctx, { status: res.status, headers: res.headers, body }),
        secretValuesOf(ctx.deployment.params),
      );
    }
    if (!ctx.stream) {
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        throw transportError(e, scope, adapter.name);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new BadGatewayError(`${adapter.name} returned invalid JSON`, {
          provider: adapter.name,
          code: "invalid_upstream_response",
        });
      }
      const completion = adapter.parseResponse(ctx, body);
      scope.dispose();
      return { kind: "json", completion };
    }
    if (!res.body) throw new BadGatewayError(`${adapter.name} returned an empty stream`, { provider: adapter.name });
    scope.arm(timeouts.streamTimeoutMs ?? timeouts.timeoutMs, `first chunk from ${adapter.name}`);
    const source = chunkSource({
      body: res.body,
      adapter,
      mapper: adapter.createStreamMapper(ctx),
      scope,
      secrets: secretValuesOf(ctx.deployment.params),
    });
    const head: ChatCompletionChunk[] = [];
    for (;;) {
      const chunks = await source.next();
      if (chunks === null) break;
      head.push(...chunks);
      if (chunks.some(hasContent)) break;
    }
    scope.disarm();
    return { kind: "stream", head, source };
  } catch (e) {
    scope.dispose();
    throw scope.reasonFor(e) instanceof GatewayError ? scope.reasonFor(e) : e;
  }
}

function hasContent(c: ChatCompletionChunk): boolean {
  if (c.usage) return true;
  for (const ch of c.choices) {
    const d = ch.delta;
    if (ch.finish_reason || d.content || d.tool_calls?.length || d.reasoning_content || d.refusal) return true;
  }
  return false;
}

function chunkSource(opts: {
  body: ReadableStream<Uint8Array>;
  adapter: Pick<ChatAdapter, "name" | "streamFraming">;
  mapper: StreamMapper;
  scope: AttemptScope;
  secrets: readonly string[];
}): ChunkSource {
  const { adapter, mapper, scope } = opts;
  // Bytes are decoded inline (no TransformStream hop between the socket and the mapper).
  const reader = opts.body.getReader();
  const frames = framesFor(adapter.streamFraming);
  const events: UpstreamEvent[] = [];
  let eventAt = 0;
  let ended = false;
  let finished = false;
  let sawFinish = false;
  const seen = (chunks: ChatCompletionChunk[]) => {
    if (!sawFinish) for (const c of chunks) for (const ch of c.choices) if (ch.finish_reason) sawFinish = true;
    return chunks;
  };
  const finish = (): ChatCompletionChunk[] | null => {
    finished = true;
    scope.dispose();
    const tail = seen(mapper.onEnd?.() ?? []);
    // A stream that closes before any finish_reason was cut short, whatever the vendor's framing.
    if (!sawFinish)
      throw new APIConnectionError(`the stream from ${adapter.name} ended before the response was complete`, {
        provider: adapter.name,
        code: "upstream_stream_incomplete",
      });
    return tail.length ? tail : null;
  };
  const fail = (e: unknown): never => {
    finished = true;
    scope.dispose();
    void reader.cancel().catch(() => {});
    throw scrubbed(e, opts.secrets);
  };
  /** The next upstream event, or undefined at the end of the body. */
  const nextEvent = async (): Promise<UpstreamEvent | undefined> => {
    while (eventAt >= events.length) {
      if (ended) return undefined;
      events.length = 0;
      eventAt = 0;
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        finished = true;
        scope.dispose();
        throw transportError(e, scope, adapter.name);
      }
      try {
        if (r.done) {
          ended = true;
          frames.end(events);
        } else frames.push(r.value, events);
      } catch (e) {
        fail(e);
      }
    }
    return events[eventAt++];
  };
  return {
    async next() {
      if (finished) return null;
      for (;;) {
        const ev = await nextEvent();
        if (ev === undefined) return finish();
        let out: Array<ChatCompletionChunk | "done">;
        try {
          out = mapper.onEvent(ev);
        } catch (e) {
          return fail(e);
        }
        const chunks = seen(out.filter((c): c is ChatCompletionChunk => c !== "done"));
        if (chunks.length !== out.length) {
          void reader.cancel().catch(() => {});
          const tail = finish() ?? [];
          return chunks.length || tail.length ? [...chunks, ...tail] : null;
        }
        if (chunks.length) return chunks;
      }
    },
    async cancel(reason) {
      if (finished) return;
      finished = true;
      scope.controller.abort(reason); // closes the upstream connection, not just our reader
      scope.dispose();
      void reader.cancel(reason).catch(() => {});
    },
  };
}
