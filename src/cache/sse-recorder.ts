import { sseFrames } from "../streaming/parse-sse.js";
import type { UpstreamEvent } from "../streaming/upstream-event.js";

/** Reads one format's SSE events and builds the answer they stream. */
export interface SseAssembler<A> {
  /** One event; false when it is not part of a complete answer (an error event, bad JSON): nothing is stored. */
  add(ev: UpstreamEvent): boolean;
  /** The assembled answer once the stream ended, or undefined when it did not end as a complete one. */
  result(): A | undefined;
}

/**
 * A pass-through for an SSE body on its way to the client that assembles the answer on the side:
 * every byte is handed on as it arrives, before it is looked at (nothing delayed or held back).
 * `onComplete` gets the answer only when the stream reached its end and the assembler accepted every
 * event; a stream the client cancels, or that errors, never reaches flush, so it never completes.
 */
export function sseRecorder<A>(
  assembler: SseAssembler<A>,
  onComplete: (answer: A) => void,
): TransformStream<Uint8Array, Uint8Array> {
  const frames = sseFrames();
  const events: UpstreamEvent[] = [];
  let failed = false;
  const take = () => {
    for (const ev of events) if (!failed && !assembler.add(ev)) failed = true;
    events.length = 0;
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(bytes, c) {
      c.enqueue(bytes);
      if (failed) return;
      try {
        frames.push(bytes, events);
        take();
      } catch {
        failed = true;
      }
    },
    flush() {
      if (failed) return;
      try {
        frames.end(events);
        take();
      } catch {
        return;
      }
      const answer = failed ? undefined : assembler.result();
      if (answer !== undefined) onComplete(answer);
    },
  });
}

/** An event's data as JSON, or undefined when it is not JSON. */
export function eventJson(ev: UpstreamEvent): unknown {
  try {
    return JSON.parse(ev.data);
  } catch {
    return undefined;
  }
}
