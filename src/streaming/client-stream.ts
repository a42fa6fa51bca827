import { GatewayError, InternalServerError } from "../errors/gateway-error.js";
import type { ChatCompletionChunk, FinishReason, Usage } from "../openai/chat-response.js";
import type { ChunkSource } from "./chunk-source.js";
import { ClientClosedError } from "../errors/client-closed.js";
import { errorBody } from "../errors/render.js";
import { DONE_BYTES, sseFrame } from "./encode-sse.js";

export interface StreamOutcome {
  usage?: Usage;
  finishReason?: FinishReason | null;
  /** Set when the stream ended in an error (sent to the client as an error event). */
  error?: GatewayError;
  /** The client went away before the end. */
  clientClosed: boolean;
  chunks: number;
}

/** Client streams of this isolate not yet ended (a graceful stop waits for them). */
let open = 0;
export function openClientStreams(): number {
  return open;
}

/**
 * The client-facing SSE body: head chunks, then pulled from the source; usage stripped from
 * content chunks and sent as OpenAI's final `choices: []` chunk only when the client asked;
 * `data: [DONE]` last. An error mid-stream becomes one OpenAI-shaped error event and a clean close.
 */
export function clientStream(opts: {
  head: ChatCompletionChunk[];
  source: ChunkSource;
  includeUsage: boolean;
  /** Rewrite each chunk for the client (e.g. the model name the client asked for). */
  rewrite?: (c: ChatCompletionChunk) => void;
  /** The client's shape of a chunk, when it is not a chat chunk (legacy text completions). */
  render?: (c: ChatCompletionChunk) => unknown;
  onDone: (o: StreamOutcome) => void;
}): ReadableStream<Uint8Array> {
  const { source, includeUsage, rewrite } = opts;
  const frame = opts.render ? (c: ChatCompletionChunk) => sseFrame(opts.render!(c)) : sseFrame;
  let pending: ChatCompletionChunk[] | null = opts.head;
  let usage: Usage | undefined;
  let finishReason: FinishReason | null | undefined;
  let last: ChatCompletionChunk | undefined;
  let count = 0;
  let closed = false;
  open++;
  const done = (o: Partial<StreamOutcome>) => {
    if (closed) return;
    closed = true;
    try {
      opts.onDone({ usage, finishReason, clientClosed: false, chunks: count, ...o });
    } finally {
      open--;
    }
  };
  /** Enqueue one chunk for the client; false when it carried only usage (held for the end). */
  const emit = (c: ReadableStreamDefaultController<Uint8Array>, chunk: ChatCompletionChunk): boolean => {
    if (chunk.usage) {
      usage = chunk.usage;
      if (!chunk.choices.length) return false; // the usage-only chunk is re-sent at the end if asked for
      chunk = { ...chunk };
      delete chunk.usage;
    }
    for (const ch of chunk.choices) if (ch.finish_reason) finishReason = ch.finish_reason;
    rewrite?.(chunk);
    last = chunk;
    count++;
    c.enqueue(frame(chunk));
    return true;
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        try {
          // Pull until something reaches the client: a pull that enqueues nothing is not called again.
          for (let sent = false; !sent; ) {
            const chunks = pending ?? (await source.next());
            pending = null;
            if (chunks === null) {
              if (includeUsage && usage && last) {
                c.enqueue(
                  frame({
                    id: last.id,
                    object: "chat.completion.chunk",
                    created: last.created,
                    model: last.model,
                    choices: [],
                    usage,
                  }),
                );
              }
              c.enqueue(DONE_BYTES);
              c.close();
              done({});
              return;
            }
            for (const chunk of chunks) sent = emit(c, chunk) || sent;
          }
        } catch (e) {
          if (e instanceof ClientClosedError) {
            done({ clientClosed: true });
            c.error(e);
            return;
          }
          const err =
            e instanceof GatewayError
              ? e
              : new InternalServerError(`stream failed: ${e instanceof Error ? e.message : String(e)}`);
          c.enqueue(sseFrame(errorBody(err)));
          c.enqueue(DONE_BYTES);
          c.close();
          done({ error: err });
        }
      },
      async cancel(reason) {
        done({ clientClosed: true });
        await source.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
