import { describe, expect, it } from "vitest";
import { sseDecoder } from "../../../src/streaming/parse-sse.js";
import { ndjsonDecoder } from "../../../src/streaming/parse-ndjson.js";
import type { UpstreamEvent } from "../../../src/streaming/upstream-event.js";

async function decode(parts: Uint8Array[], make = sseDecoder): Promise<UpstreamEvent[]> {
  const out: UpstreamEvent[] = [];
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(p);
      c.close();
    },
  }).pipeThrough(make());
  for await (const ev of stream as unknown as AsyncIterable<UpstreamEvent>) out.push(ev);
  return out;
}

const enc = new TextEncoder();
const TEXT =
  ': comment\r\nevent: message_start\r\ndata: {"a":1}\r\n\r\ndata: line1\ndata: line2\n\nevent: ping\ndata:\n\ndata: é漢字\n\ndata: [DONE]\n\n';
const EXPECTED: UpstreamEvent[] = [
  { event: "message_start", data: '{"a":1}' },
  { data: "line1\nline2" },
  { event: "ping", data: "" },
  { data: "é漢字" },
  { data: "[DONE]" },
];

describe("SSE decoder", () => {
  it("handles events, comments, multi-line data, CRLF and UTF-8", async () => {
    expect(await decode([enc.encode(TEXT)])).toEqual(EXPECTED);
  });

  it("gives the same events however the bytes are split (every boundary)", async () => {
    const bytes = enc.encode(TEXT);
    for (let i = 1; i < bytes.length; i++) {
      expect(await decode([bytes.slice(0, i), bytes.slice(i)])).toEqual(EXPECTED);
    }
  });

  it("dispatches a final event without the trailing blank line", async () => {
    expect(await decode([enc.encode("data: tail")])).toEqual([{ data: "tail" }]);
  });
});

describe("NDJSON decoder", () => {
  it("splits lines across chunk boundaries and skips blank lines", async () => {
    const bytes = enc.encode('{"a":1}\n\n{"b":2}\n{"c":3}');
    for (let i = 1; i < bytes.length; i++) {
      expect(await decode([bytes.slice(0, i), bytes.slice(i)], ndjsonDecoder)).toEqual([
        { data: '{"a":1}' },
        { data: '{"b":2}' },
        { data: '{"c":3}' },
      ]);
    }
  });
});
