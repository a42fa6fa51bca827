import type { UpstreamEvent } from "./upstream-event.js";

/** Incremental bytes → events decoder, usable inline (the hot path) or as a TransformStream. */
export interface FrameDecoder {
  push(bytes: Uint8Array, out: UpstreamEvent[]): void;
  end(out: UpstreamEvent[]): void;
}

export function asTransform(decoder: FrameDecoder): TransformStream<Uint8Array, UpstreamEvent> {
  const drain = (events: UpstreamEvent[], c: TransformStreamDefaultController<UpstreamEvent>) => {
    for (const ev of events) c.enqueue(ev);
  };
  return new TransformStream({
    transform(chunk, c) {
      const out: UpstreamEvent[] = [];
      decoder.push(chunk, out);
      drain(out, c);
    },
    flush(c) {
      const out: UpstreamEvent[] = [];
      decoder.end(out);
      drain(out, c);
    },
  });
}
