import { meteredOf } from "../../../accounting/metered.js";
import type { NativeAnswer } from "../../../codecs/responses/native-answer.js";
import { ClientClosedError } from "../../../errors/client-closed.js";
import { APIConnectionError } from "../../../errors/gateway-error.js";
import type { Closing } from "../../operation.js";
import type { NativeStream } from "./call-native.js";
import type { Conversation, ResponsesAnswer } from "./responses-call.js";
import { streamHeaders } from "./stream-headers.js";

type Native = Extract<ResponsesAnswer, { path: "native" }>;

const enc = new TextEncoder();

/**
 * A native answer to the client as the upstream sent it: the JSON body's text, or the stream's bytes as
 * they arrive. The gateway reads the final Response from it (to store it, before the client sees the
 * end) and its usage (cost, spend). A stream cut mid-way ends with an `error` event.
 */
export function respondNative(out: Native, close: Closing, conversation: Conversation): Response | Promise<Response> {
  const origin = { deploymentId: out.deployment.id, native: true };
  const keep = (answer: NativeAnswer) =>
    out.storable ? conversation.keep(answer.response, origin) : Promise.resolve();
  const result = out.result;
  if (result.kind === "json") {
    return keep(result.answer).then(() => {
      const usage = meteredOf(result.answer.usage);
      const cost = close.cost(usage);
      const headers = close.headers;
      headers["content-type"] = "application/json";
      headers["x-switchyard-response-cost"] = (cost / 1_000_000).toString();
      if (headers["x-litellm-call-id"]) headers["x-litellm-response-cost"] = headers["x-switchyard-response-cost"];
      close.finish({ status: 200, usage, costMicros: cost });
      return new Response(result.text, { status: 200, headers });
    });
  }
  return new Response(passThrough(result, close, keep), { status: 200, headers: streamHeaders(close) });
}

function passThrough(
  s: NativeStream,
  close: Closing,
  keep: (answer: NativeAnswer) => Promise<void>,
): ReadableStream<Uint8Array> {
  const ttftMs = close.now() - close.startedAt;
  let pending: Uint8Array[] | null = s.head;
  let kept = false;
  let closed = false;
  const done = (status: number, error?: unknown) => {
    if (closed) return;
    closed = true;
    close.finish({ status, usage: meteredOf(s.tap.answer().usage), error, ttftMs });
  };
  /** Store the final Response as soon as the tap has it, before its bytes go to the client. */
  const keepFinal = async () => {
    const end = s.tap.answer();
    if (kept || (!end.response && !end.usage)) return;
    kept = true;
    await keep(s.tap.answer());
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        try {
          if (pending) {
            await keepFinal();
            for (const b of pending) c.enqueue(b);
            pending = null;
            return;
          }
          const r = await s.reader.read();
          if (r.done) {
            s.watch(undefined);
            const end = s.tap.answer();
            if (!end.response && !end.usage) throw new Error("it closed without its final event");
            await keepFinal();
            c.close();
            done(200);
            return;
          }
          s.watch(r.value);
          await keepFinal();
          c.enqueue(r.value);
        } catch (e) {
          const message = "the upstream stream ended before the response was complete";
          const ev = { type: "error", code: "server_error", message, param: null, sequence_number: s.events };
          c.enqueue(enc.encode(`event: error\ndata: ${JSON.stringify(ev)}\n\n`));
          c.close();
          const reason = e instanceof Error ? e.message : String(e);
          done(502, new APIConnectionError(`${message}: ${reason}`, { code: "upstream_stream_incomplete" }));
        }
      },
      async cancel(reason) {
        done(499, new ClientClosedError());
        await s.reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
