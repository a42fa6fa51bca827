const enc = new TextEncoder();
export const DONE_BYTES = enc.encode("data: [DONE]\n\n");

/** One `data: {json}\n\n` frame. */
export function sseFrame(value: unknown): Uint8Array {
  return enc.encode(`data: ${JSON.stringify(value)}\n\n`);
}
