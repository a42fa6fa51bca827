import type { UpstreamEvent } from "./upstream-event.js";
import { asTransform, type FrameDecoder } from "./frame-decoder.js";

/**
 * Bytes → SSE events (WHATWG event-stream rules: `event:`, `data:` (multi-line joined by \n),
 * comments ignored, events dispatched on a blank line; CR, LF and CRLF line endings).
 */
export function sseFrames(): FrameDecoder {
  const decoder = new TextDecoder();
  let buf = "";
  let event: string | undefined;
  let data: string[] = [];
  const dispatch = (out: UpstreamEvent[]) => {
    if (data.length) out.push(event === undefined ? { data: data.join("\n") } : { event, data: data.join("\n") });
    event = undefined;
    data = [];
  };
  const line = (l: string, out: UpstreamEvent[]) => {
    if (l === "") return dispatch(out);
    if (l.charCodeAt(0) === 58 /* : */) return;
    const i = l.indexOf(":");
    const field = i < 0 ? l : l.slice(0, i);
    let value = i < 0 ? "" : l.slice(i + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
  };
  const drain = (out: UpstreamEvent[], final: boolean) => {
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const ch = buf.charCodeAt(i);
      if (ch === 10 || ch === 13) {
        if (ch === 13 && i + 1 === buf.length && !final) break; // CR at end: wait to see if LF follows
        line(buf.slice(start, i), out);
        if (ch === 13 && buf.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
    }
    buf = buf.slice(start);
  };
  return {
    push(bytes, out) {
      buf += decoder.decode(bytes, { stream: true });
      drain(out, false);
    },
    end(out) {
      buf += decoder.decode();
      drain(out, true);
      if (buf) line(buf, out);
      buf = "";
      dispatch(out);
    },
  };
}

export function sseDecoder(): TransformStream<Uint8Array, UpstreamEvent> {
  return asTransform(sseFrames());
}
