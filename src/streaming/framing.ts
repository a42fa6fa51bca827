import type { StreamFraming, UpstreamEvent } from "./upstream-event.js";
import { asTransform, type FrameDecoder } from "./frame-decoder.js";
import { sseFrames } from "./parse-sse.js";
import { ndjsonFrames } from "./parse-ndjson.js";
import { eventStreamFrames } from "./event-stream.js";

/** The incremental byte → event decoder for a provider's stream framing. */
export function framesFor(framing: StreamFraming): FrameDecoder {
  switch (framing) {
    case "sse":
      return sseFrames();
    case "ndjson":
      return ndjsonFrames();
    case "aws-event-stream":
      return eventStreamFrames();
  }
}

/** The same as a TransformStream. */
export function decoderFor(framing: StreamFraming): TransformStream<Uint8Array, UpstreamEvent> {
  return asTransform(framesFor(framing));
}
