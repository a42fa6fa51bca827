import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import type { UpstreamEvent } from "../../../src/providers/provider.js";
import type { FrameDecoder } from "../../../src/streaming/frame-decoder.js";
import { ndjsonFrames } from "../../../src/streaming/parse-ndjson.js";
import { sseFrames } from "../../../src/streaming/parse-sse.js";

const enc = new TextEncoder();

/** Feed `text` to a decoder in pieces of `size` bytes; the events, or the error it threw. */
function feed(frames: FrameDecoder, text: string, size: number): { events: UpstreamEvent[]; error?: GatewayError } {
  const bytes = enc.encode(text);
  const events: UpstreamEvent[] = [];
  try {
    for (let i = 0; i < bytes.length; i += size) frames.push(bytes.subarray(i, i + size), events);
    frames.end(events);
  } catch (e) {
    if (e instanceof GatewayError) return { events, error: e };
    throw e;
  }
  return { events };
}

describe("stream decoders on long lines", () => {
  // Each piece used to rescan the whole unfinished line: 7.5 M characters in 1 kB pieces took minutes.
  it("decode a 7.5 M-character single-line event fed in 1 kB pieces", () => {
    const payload = "x".repeat(7_500_000);
    const sse = feed(sseFrames(), `data: ${payload}\n\n`, 1024);
    expect(sse.events).toHaveLength(1);
    expect(sse.events[0]!.data.length).toBe(payload.length);
    const nd = feed(ndjsonFrames(), `"${payload}"\n`, 1024);
    expect(nd.events[0]!.data.length).toBe(payload.length + 2);
  });

  it("end the stream with a 502 naming the limit when one line passes it", () => {
    const r = feed(sseFrames({ maxChars: 1000 }), `data: ${"y".repeat(2000)}\n\n`, 100);
    expect(r.error?.status).toBe(502);
    expect(r.error?.code).toBe("upstream_event_too_large");
    expect(r.error?.message).toContain("longer than 1000 characters");
    expect(feed(ndjsonFrames({ maxChars: 1000 }), "z".repeat(5000), 4096).error?.code).toBe("upstream_event_too_large");
  });

  it("end the stream when an event's data lines together pass the limit", () => {
    const r = feed(sseFrames({ maxChars: 1000 }), `${"data: 0123456789\n".repeat(200)}\n`, 64);
    expect(r.error?.message).toContain("an event longer than 1000 characters");
  });

  it("keep a CRLF split across two pieces as one line ending", () => {
    const frames = sseFrames();
    const events: UpstreamEvent[] = [];
    frames.push(enc.encode("data: a\r"), events);
    frames.push(enc.encode("\ndata: b\r\n\r\n"), events);
    frames.end(events);
    expect(events).toEqual([{ data: "a\nb" }]);
  });
});
