import type { UpstreamEvent } from "./upstream-event.js";
import { asTransform, type FrameDecoder } from "./frame-decoder.js";

/** Bytes → one event per non-empty line. */
export function ndjsonFrames(): FrameDecoder {
  const decoder = new TextDecoder();
  let buf = "";
  return {
    push(bytes, out) {
      buf += decoder.decode(bytes, { stream: true });
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const l = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (l) out.push({ data: l });
      }
    },
    end(out) {
      buf += decoder.decode();
      const l = buf.trim();
      if (l) out.push({ data: l });
      buf = "";
    },
  };
}

export function ndjsonDecoder(): TransformStream<Uint8Array, UpstreamEvent> {
  return asTransform(ndjsonFrames());
}
