import { APIConnectionError, type GatewayError } from "../errors/gateway-error.js";

/** How a body handed through ended: read to the end, cut by the upstream, or cancelled by the client. */
export type PassThroughEnd = { status: 200 } | { status: 499 } | { status: 502; error: GatewayError };

/**
 * An upstream body handed to the client as it arrives, chunk by chunk, nothing buffered: each read
 * of the client pulls one read of the upstream. `onEnd` runs once, when the body ended, broke off or
 * the client went away (which cancels the upstream body, closing its connection).
 */
export function passThrough(opts: {
  source: ReadableStream<Uint8Array>;
  onEnd: (end: PassThroughEnd) => void;
}): ReadableStream<Uint8Array> {
  const reader = opts.source.getReader();
  let ended = false;
  const end = (e: PassThroughEnd) => {
    if (ended) return;
    ended = true;
    opts.onEnd(e);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        let r: ReadableStreamReadResult<Uint8Array>;
        try {
          r = await reader.read();
        } catch (e) {
          const error = new APIConnectionError(
            `the upstream stream broke off: ${e instanceof Error ? e.message : String(e)}`,
            { code: "upstream_stream_incomplete" },
          );
          end({ status: 502, error });
          c.error(error);
          return;
        }
        if (r.done) {
          c.close();
          end({ status: 200 });
        } else c.enqueue(r.value);
      },
      async cancel(reason) {
        end({ status: 499 });
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
