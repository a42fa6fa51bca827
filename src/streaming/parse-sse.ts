import type { UpstreamEvent } from "../providers/provider.js";

/**
 * Bytes → SSE events (WHATWG event-stream rules: `event:`, `data:` (multi-line joined by \n),
 * comments ignored, events dispatched on a blank line; CR, LF and CRLF line endings).
 */
export function sseDecoder(): TransformStream<Uint8Array, UpstreamEvent> {
  const decoder = new TextDecoder();
  let buf = "";
  let event: string | undefined;
  let data: string[] = [];
  const dispatch = (c: TransformStreamDefaultController<UpstreamEvent>) => {
    if (data.length) c.enqueue(event === undefined ? { data: data.join("\n") } : { event, data: data.join("\n") });
    event = undefined;
    data = [];
  };
  const line = (l: string, c: TransformStreamDefaultController<UpstreamEvent>) => {
    if (l === "") return dispatch(c);
    if (l.charCodeAt(0) === 58 /* : */) return;
    const i = l.indexOf(":");
    const field = i < 0 ? l : l.slice(0, i);
    let value = i < 0 ? "" : l.slice(i + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
  };
  const drain = (c: TransformStreamDefaultController<UpstreamEvent>, final: boolean) => {
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const ch = buf.charCodeAt(i);
      if (ch === 10 || ch === 13) {
        if (ch === 13 && i + 1 === buf.length && !final) break; // CR at end: wait to see if LF follows
        line(buf.slice(start, i), c);
        if (ch === 13 && buf.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
    }
    buf = buf.slice(start);
  };
  return new TransformStream({
    transform(chunk, c) {
      buf += decoder.decode(chunk, { stream: true });
      drain(c, false);
    },
    flush(c) {
      buf += decoder.decode();
      drain(c, true);
      if (buf) line(buf, c);
      buf = "";
      dispatch(c);
    },
  });
}
