import type { StreamEvent } from "../../anthropic/stream-events.js";
import {
  anthropicErrorEvent,
  createMessagesStreamEncoder,
  sseEventText,
  sseRawText,
} from "../../codecs/messages/index.js";
import type { AnswerOptions } from "../../codecs/messages/from-chat-completion.js";
import { ClientClosedError } from "../../errors/client-closed.js";
import { BadGatewayError, GatewayError, InternalServerError } from "../../errors/gateway-error.js";
import type { Usage } from "../../openai/chat-response.js";
import type { NativeEvent } from "../../providers/shared/native-messages.js";
import type { ChunkSource } from "../../streaming/chunk-source.js";
import type { ChatCompletionChunk } from "../../openai/chat-response.js";
import type { NativeEventSource } from "../../upstream/call-native-messages.js";

/** How a Messages stream ended, for the request's close. */
export interface MessagesStreamEnd {
  /** Set when the stream ended in an error (sent to the client as an `error` event). */
  error?: GatewayError;
  /** The client went away before the end. */
  clientClosed: boolean;
}

/** The text of the next SSE events for the client, or null at the end. */
interface EventTextSource {
  next(): Promise<string | null>;
  cancel(reason?: unknown): Promise<void>;
}

const enc = new TextEncoder();

/**
 * The client-facing Messages SSE body, pull-based (the upstream is read only as fast as the client reads).
 * An error after the stream began becomes one `error` event and a clean close; a client that goes away
 * cancels the source, which aborts the upstream fetch.
 */
function eventStream(source: EventTextSource, onDone: (end: MessagesStreamEnd) => void): ReadableStream<Uint8Array> {
  let closed = false;
  const done = (end: MessagesStreamEnd) => {
    if (closed) return;
    closed = true;
    onDone(end);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        try {
          for (;;) {
            const text = await source.next();
            if (text === null) {
              c.close();
              done({ clientClosed: false });
              return;
            }
            if (text) {
              c.enqueue(enc.encode(text));
              return;
            }
          }
        } catch (e) {
          if (e instanceof ClientClosedError) {
            done({ clientClosed: true });
            c.error(e);
            return;
          }
          const error =
            e instanceof GatewayError
              ? e
              : new InternalServerError(`stream failed: ${e instanceof Error ? e.message : String(e)}`);
          c.enqueue(enc.encode(sseEventText(anthropicErrorEvent(error))));
          c.close();
          done({ error, clientClosed: false });
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

/** A native stream: the vendor's events forwarded as they are (head first). */
export function nativeMessagesStream(opts: {
  head: NativeEvent[];
  source: NativeEventSource;
  onDone: (end: MessagesStreamEnd) => void;
}): ReadableStream<Uint8Array> {
  let pending: NativeEvent[] | null = opts.head;
  const text = (events: NativeEvent[]) => events.map(sseRawText).join("");
  return eventStream(
    {
      async next() {
        const events = pending ?? (await opts.source.next());
        pending = null;
        return events === null ? null : text(events);
      },
      cancel: (reason) => opts.source.cancel(reason),
    },
    opts.onDone,
  );
}

/**
 * A translated stream: chat chunks through the Messages stream encoder (Anthropic's grammar). The chat
 * usage of the stream (for cost) is reported with the end.
 */
export function translatedMessagesStream(opts: {
  head: ChatCompletionChunk[];
  source: ChunkSource;
  answer: AnswerOptions;
  onDone: (end: MessagesStreamEnd & { usage?: Usage }) => void;
}): ReadableStream<Uint8Array> {
  const encoder = createMessagesStreamEncoder(opts.answer);
  let pending: ChatCompletionChunk[] | null = opts.head;
  let usage: Usage | undefined;
  let ended = false;
  const text = (events: StreamEvent[]) => {
    let s = "";
    for (const e of events) s += sseEventText(e);
    return s;
  };
  return eventStream(
    {
      async next() {
        if (ended) return null;
        const chunks = pending ?? (await opts.source.next());
        pending = null;
        if (chunks === null) {
          ended = true;
          const tail = encoder.end();
          if (tail.some((e) => e.type === "error")) {
            throw new BadGatewayError("the upstream stream ended before the model finished its answer", {
              code: "incomplete_stream",
            });
          }
          return text(tail);
        }
        const events: StreamEvent[] = [];
        for (const chunk of chunks) {
          if (chunk.usage) usage = chunk.usage;
          events.push(...encoder.push(chunk));
        }
        return text(events);
      },
      cancel: (reason) => opts.source.cancel(reason),
    },
    (end) => opts.onDone({ ...end, usage }),
  );
}
