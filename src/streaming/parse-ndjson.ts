import type { UpstreamEvent } from "./upstream-event.js";
import { asTransform, type FrameDecoder } from "./frame-decoder.js";
import { lineSplitter } from "./line-splitter.js";

/** Bytes → one event per non-empty line; linear however the bytes are split, a line past the limit ends the stream. */
export function ndjsonFrames(opts: { maxChars?: number } = {}): FrameDecoder {
  const decoder = new TextDecoder();
  const lines = lineSplitter({ crEndsLine: false, maxChars: opts.maxChars });
  let out: UpstreamEvent[] = [];
  const line = (raw: string) => {
    const l = raw.trim();
    if (l) out.push({ data: l });
  };
  return {
    push(bytes, into) {
      out = into;
      lines.push(decoder.decode(bytes, { stream: true }), line);
    },
    end(into) {
      out = into;
      lines.push(decoder.decode(), line);
      lines.end(line);
    },
  };
}

export function ndjsonDecoder(): TransformStream<Uint8Array, UpstreamEvent> {
  return asTransform(ndjsonFrames());
}
