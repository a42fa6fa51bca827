import type { ResponseStreamEvent } from "../../responses/events.js";

const enc = new TextEncoder();

/** One Responses event as an SSE frame: `event: <type>` and `data: <json>` (the stream has no [DONE]). */
export function responsesSseFrame(ev: ResponseStreamEvent): Uint8Array {
  return enc.encode(`event: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
}
