import type { UpstreamEvent } from "./upstream-event.js";
import { asTransform, type FrameDecoder } from "./frame-decoder.js";
import { lineSplitter, MAX_STREAM_LINE_CHARS, streamTooLarge } from "./line-splitter.js";

/**
 * Bytes → SSE events (WHATWG event-stream rules: `event:`, `data:` (multi-line joined by \n),
 * comments ignored, events dispatched on a blank line; CR, LF and CRLF line endings). Linear in the
 * bytes however they are split; a line or an event past `maxChars` ends the stream with an error.
 */
export function sseFrames(opts: { maxChars?: number } = {}): FrameDecoder {
  const max = opts.maxChars ?? MAX_STREAM_LINE_CHARS;
  const decoder = new TextDecoder();
  const lines = lineSplitter({ crEndsLine: true, maxChars: max });
  let event: string | undefined;
  let data: string[] = [];
  let dataChars = 0;
  let out: UpstreamEvent[] = [];
  const dispatch = () => {
    if (data.length) out.push(event === undefined ? { data: data.join("\n") } : { event, data: data.join("\n") });
    event = undefined;
    data = [];
    dataChars = 0;
  };
  const line = (l: string) => {
    if (l === "") return dispatch();
    if (l.charCodeAt(0) === 58 /* : */) return;
    const i = l.indexOf(":");
    const field = i < 0 ? l : l.slice(0, i);
    let value = i < 0 ? "" : l.slice(i + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") {
      dataChars += value.length + 1;
      if (dataChars > max) throw streamTooLarge("an event", max);
      data.push(value);
    } else if (field === "event") event = value;
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
      dispatch();
    },
  };
}

export function sseDecoder(): TransformStream<Uint8Array, UpstreamEvent> {
  return asTransform(sseFrames());
}
