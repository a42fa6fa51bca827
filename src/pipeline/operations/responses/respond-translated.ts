import { meteredOf } from "../../../accounting/metered.js";
import { streamFailure } from "../../../codecs/responses/errors.js";
import { responsesSseFrame } from "../../../codecs/responses/sse.js";
import { ResponsesStreamEncoder } from "../../../codecs/responses/stream-encoder.js";
import { toResponse } from "../../../codecs/responses/to-response.js";
import { ClientClosedError } from "../../../errors/client-closed.js";
import { GatewayError } from "../../../errors/gateway-error.js";
import type { ChatCompletionChunk, Usage } from "../../../openai/chat-response.js";
import { TERMINAL_EVENTS, type ResponseStreamEvent } from "../../../responses/events.js";
import type { ResponseObject } from "../../../responses/response.js";
import type { Closing } from "../../operation.js";
import { jsonAnswer } from "../../respond.js";
import type { Conversation, ResponsesAnswer } from "./responses-call.js";
import { streamHeaders } from "./stream-headers.js";

type Translated = Extract<ResponsesAnswer, { path: "translated" }>;

/**
 * A translated answer to the client: the chat completion as a Response, or the chat chunks as Responses
 * events (the encoder's grammar). The response is stored before the client sees it end; a failure after
 * the stream started ends it with `response.failed` carrying the output so far.
 */
export function respondTranslated(
  out: Translated,
  close: Closing,
  conversation: Conversation,
): Response | Promise<Response> {
  const origin = { deploymentId: out.deployment.id, native: false };
  const { result, context } = out;
  if (result.kind === "json") {
    const response = toResponse(result.completion, context);
    return conversation
      .keep(response, origin)
      .then(() => jsonAnswer(response, close, meteredOf(result.completion.usage)));
  }
  const ttftMs = close.now() - close.startedAt;
  const encoder = new ResponsesStreamEncoder(context);
  const source = result.source;
  let pending: ChatCompletionChunk[] | null = result.head;
  let usage: Usage | undefined;
  let closed = false;
  const done = (status: number, error?: unknown) => {
    if (closed) return;
    closed = true;
    close.finish({ status, usage: meteredOf(usage), error, ttftMs });
  };
  /** Send events; the last one is stored first when it ends the response. */
  const send = async (c: ReadableStreamDefaultController<Uint8Array>, events: ResponseStreamEvent[]) => {
    const final = finalResponse(events);
    if (final) await conversation.keep(final, origin);
    for (const ev of events) c.enqueue(responsesSseFrame(ev));
    return events.length > 0;
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async start(c) {
        await send(c, encoder.start());
      },
      async pull(c) {
        try {
          for (let sent = false; !sent; ) {
            const chunks = pending ?? (await source.next());
            pending = null;
            if (chunks === null) {
              await send(c, encoder.finish());
              c.close();
              done(200);
              return;
            }
            for (const chunk of chunks) {
              if (chunk.usage) usage = chunk.usage;
              sent = (await send(c, encoder.push(chunk))) || sent;
            }
          }
        } catch (e) {
          if (e instanceof ClientClosedError) {
            done(499, e);
            c.error(e);
            return;
          }
          await send(c, encoder.fail(streamFailure(e)));
          c.close();
          done(e instanceof GatewayError ? e.status : 500, e);
        }
      },
      async cancel(reason) {
        done(499, new ClientClosedError());
        await source.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: streamHeaders(close) });
}

function finalResponse(events: readonly ResponseStreamEvent[]): ResponseObject | undefined {
  const last = events[events.length - 1];
  return last && (TERMINAL_EVENTS as readonly string[]).includes(last.type) && "response" in last
    ? last.response
    : undefined;
}
