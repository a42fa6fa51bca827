import type { StreamFraming, UpstreamEvent } from "../providers/provider.js";
import { sseDecoder } from "./parse-sse.js";
import { ndjsonDecoder } from "./parse-ndjson.js";
import { eventStreamDecoder } from "./event-stream.js";

/** The byte → event decoder for a provider's stream framing. */
export function decoderFor(framing: StreamFraming): TransformStream<Uint8Array, UpstreamEvent> {
  switch (framing) {
    case "sse": return sseDecoder();
    case "ndjson": return ndjsonDecoder();
    case "aws-event-stream": return eventStreamDecoder();
  }
}
