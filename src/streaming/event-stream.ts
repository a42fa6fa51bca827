import { BadGatewayError, type GatewayError } from "../errors/gateway-error.js";
import { asTransform, type FrameDecoder } from "./frame-decoder.js";
import type { UpstreamEvent } from "./upstream-event.js";
import { crc32 } from "./crc32.js";

/**
 * AWS event-stream binary framing (application/vnd.amazon.eventstream), as used by Bedrock
 * ConverseStream. One message:
 *
 *   total length u32 | headers length u32 | prelude CRC32 u32 | headers | payload | message CRC32 u32
 *
 * The prelude CRC covers the first 8 bytes; the message CRC covers everything before it.
 * Each header: name length u8, name (UTF-8), value type u8, value. Only string values
 * (type 7) are kept; the other types are skipped by their fixed or prefixed length.
 */

const PRELUDE = 12;
const MIN_MESSAGE = PRELUDE + 4;
/** AWS caps a message at 16 MiB; anything larger is a corrupt length, not a message to wait for. */
export const MAX_EVENT_STREAM_MESSAGE = 16 * 1024 * 1024;

const TYPE_STRING = 7;
/** Value sizes by header type; -1: u16 length prefix (byte array, string). */
const VALUE_SIZE: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 6: -1, 7: -1, 8: 8, 9: 16 };

function invalid(message: string): GatewayError {
  return new BadGatewayError(`invalid AWS event-stream from upstream: ${message}`, { code: "invalid_upstream_stream" });
}

const utf8 = new TextDecoder();

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Checks the prelude of a message starting at `b[0]`; returns its total length. */
function checkPrelude(b: Uint8Array, maxBytes: number): number {
  const total = u32(b, 0);
  const headersLen = u32(b, 4);
  if (crc32(b.subarray(0, 8)) !== u32(b, 8)) throw invalid("prelude checksum mismatch");
  if (total < MIN_MESSAGE || total > maxBytes) throw invalid(`message length ${total} out of range`);
  if (headersLen > total - MIN_MESSAGE) throw invalid(`headers length ${headersLen} exceeds the message`);
  return total;
}

function parseHeaders(b: Uint8Array, start: number, end: number): Record<string, string> {
  const headers: Record<string, string> = {};
  let p = start;
  while (p < end) {
    const nameLen = b[p]!;
    p += 1;
    if (nameLen === 0 || p + nameLen + 1 > end) throw invalid("truncated header name");
    const name = utf8.decode(b.subarray(p, p + nameLen));
    p += nameLen;
    const type = b[p]!;
    p += 1;
    const size = VALUE_SIZE[type];
    if (size === undefined) throw invalid(`unknown header value type ${type}`);
    if (size >= 0) {
      if (p + size > end) throw invalid(`truncated value of header "${name}"`);
      p += size;
      continue;
    }
    if (p + 2 > end) throw invalid(`truncated value of header "${name}"`);
    const len = (b[p]! << 8) | b[p + 1]!;
    p += 2;
    if (p + len > end) throw invalid(`truncated value of header "${name}"`);
    if (type === TYPE_STRING) headers[name] = utf8.decode(b.subarray(p, p + len));
    p += len;
  }
  return headers;
}

/** Decode one complete message (exactly its bytes); checksums verified. */
export function decodeEventStreamMessage(b: Uint8Array, maxBytes = MAX_EVENT_STREAM_MESSAGE): UpstreamEvent {
  if (b.length < MIN_MESSAGE) throw invalid("message shorter than its prelude");
  const total = checkPrelude(b, maxBytes);
  if (total !== b.length) throw invalid(`message length ${total} does not match ${b.length} bytes`);
  if (crc32(b.subarray(0, total - 4)) !== u32(b, total - 4)) throw invalid("message checksum mismatch");
  const headersEnd = PRELUDE + u32(b, 4);
  const headers = parseHeaders(b, PRELUDE, headersEnd);
  const data = utf8.decode(b.subarray(headersEnd, total - 4));
  const event = headers[":event-type"];
  return event === undefined ? { headers, data } : { event, headers, data };
}

/** Growable byte buffer with a read cursor (amortised O(n) appends). */
class ByteBuffer {
  private store = new Uint8Array(0);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Uint8Array): void {
    const live = this.length;
    if (this.end + chunk.length > this.store.length) {
      if (live + chunk.length <= this.store.length) {
        this.store.copyWithin(0, this.start, this.end);
      } else {
        const next = new Uint8Array(Math.max(this.store.length * 2, live + chunk.length, 4096));
        next.set(this.store.subarray(this.start, this.end));
        this.store = next;
      }
      this.start = 0;
      this.end = live;
    }
    this.store.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** A view of the next `n` bytes (valid until the next append). */
  peek(n: number): Uint8Array {
    return this.store.subarray(this.start, this.start + n);
  }

  skip(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }
}

/**
 * Bytes → one UpstreamEvent per message, over arbitrary chunk boundaries. A checksum mismatch,
 * a malformed header or a stream that ends mid-message errors the stream with a BadGatewayError.
 */
export function eventStreamFrames(opts: { maxMessageBytes?: number } = {}): FrameDecoder {
  const max = opts.maxMessageBytes ?? MAX_EVENT_STREAM_MESSAGE;
  const buf = new ByteBuffer();
  let expected = 0; // total length of the message being gathered, once its prelude is checked
  return {
    push(chunk, out) {
      buf.append(chunk);
      for (;;) {
        if (expected === 0) {
          if (buf.length < PRELUDE) return;
          expected = checkPrelude(buf.peek(PRELUDE), max);
        }
        if (buf.length < expected) return;
        const ev = decodeEventStreamMessage(buf.peek(expected), max);
        buf.skip(expected);
        expected = 0;
        out.push(ev);
      }
    },
    end() {
      if (buf.length > 0) throw invalid(`stream ended inside a message (${buf.length} bytes left over)`);
    },
  };
}

export function eventStreamDecoder(
  opts: { maxMessageBytes?: number } = {},
): TransformStream<Uint8Array, UpstreamEvent> {
  return asTransform(eventStreamFrames(opts));
}
