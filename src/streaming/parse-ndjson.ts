import type { UpstreamEvent } from "../providers/provider.js";

/** Bytes → one event per non-empty line. */
export function ndjsonDecoder(): TransformStream<Uint8Array, UpstreamEvent> {
  const decoder = new TextDecoder();
  let buf = "";
  return new TransformStream({
    transform(chunk, c) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const l = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (l) c.enqueue({ data: l });
      }
    },
    flush(c) {
      buf += decoder.decode();
      const l = buf.trim();
      if (l) c.enqueue({ data: l });
    },
  });
}
