const enc = new TextEncoder();

/** One Anthropic SSE event: `event: <type>` then `data: <json>` (Anthropic's SDKs skip events without a name). */
export function sseEventText(event: { type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A native upstream event forwarded as is: its name and its data text, unparsed. */
export function sseRawText(event: { event: string; data: string }): string {
  return `event: ${event.event}\ndata: ${event.data}\n\n`;
}

/** Several events as one chunk of bytes for the client stream. */
export function sseBytes(events: ReadonlyArray<{ type: string }>): Uint8Array {
  let s = "";
  for (const e of events) s += sseEventText(e);
  return enc.encode(s);
}
