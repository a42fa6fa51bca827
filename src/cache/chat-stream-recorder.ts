import type { UpstreamEvent } from "../streaming/upstream-event.js";
import { type ChatCompletion, ChatCompletionChunk, type Usage } from "../openai/chat-response.js";
import { sseFrames } from "../streaming/parse-sse.js";
import { ChatCompletionAssembler } from "./chat-assembler.js";
import { storableFinish } from "./store-policy.js";

/**
 * A pass-through for a chat completion's SSE body on its way to the client that assembles the
 * answer on the side. Every byte is handed on as it arrives, before it is looked at (nothing is
 * delayed or held back). `onComplete` gets the ChatCompletion only when the stream ended with
 * `data: [DONE]`, carried no error event, parsed chunk by chunk, and every choice finished in a way
 * storableFinish() accepts. A stream the client cancels, or that errors, never reaches flush, so it
 * never completes.
 *
 * `usage` supplies the usage the gateway kept from the client (a request without
 * `stream_options.include_usage`); it is read once, after the stream's last byte.
 */
export function chatStreamRecorder(opts: {
  storeTruncated: boolean;
  onComplete: (completion: ChatCompletion) => void;
  usage?: () => Usage | undefined;
}): TransformStream<Uint8Array, Uint8Array> {
  const frames = sseFrames();
  const assembler = new ChatCompletionAssembler();
  const events: UpstreamEvent[] = [];
  let done = false;
  let failed = false;
  const take = () => {
    for (const ev of events) {
      if (failed) break;
      if (done) {
        failed = true; // anything after [DONE] is not a stream we understand
        break;
      }
      if (ev.data === "[DONE]") {
        done = true;
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(ev.data);
      } catch {
        failed = true;
        break;
      }
      if (json && typeof json === "object" && "error" in json) {
        failed = true;
        break;
      }
      const chunk = ChatCompletionChunk.safeParse(json);
      if (!chunk.success) {
        failed = true;
        break;
      }
      assembler.add(chunk.data);
    }
    events.length = 0;
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(bytes, c) {
      c.enqueue(bytes);
      if (failed) return;
      frames.push(bytes, events);
      take();
    },
    flush() {
      if (failed) return;
      frames.end(events);
      take();
      if (!done || failed) return;
      const completion = assembler.result(opts.usage?.());
      if (completion && storableFinish(completion.choices, opts)) opts.onComplete(completion);
    },
  });
}
