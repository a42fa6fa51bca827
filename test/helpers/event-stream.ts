import { crc32 } from "../../src/streaming/crc32.js";

/**
 * Test-side AWS event-stream encoder (the decoder under test lives in src/streaming/event-stream.ts).
 * Also used by loopback mock upstreams that speak Bedrock's ConverseStream.
 */

export type HeaderValue =
  | string
  | { type: "bool"; value: boolean }
  | { type: "byte"; value: number }
  | { type: "short"; value: number }
  | { type: "int"; value: number }
  | { type: "long"; value: bigint }
  | { type: "bytes"; value: Uint8Array }
  | { type: "timestamp"; value: bigint }
  | { type: "uuid"; value: Uint8Array };

const enc = new TextEncoder();

function headerBytes(name: string, v: HeaderValue): Uint8Array {
  const n = enc.encode(name);
  const out: number[] = [n.length, ...n];
  const be = (value: bigint | number, size: number) => {
    let x = BigInt.asUintN(size * 8, BigInt(value));
    const bytes: number[] = [];
    for (let i = 0; i < size; i++) {
      bytes.unshift(Number(x & 0xffn));
      x >>= 8n;
    }
    out.push(...bytes);
  };
  const prefixed = (bytes: Uint8Array) => {
    be(bytes.length, 2);
    out.push(...bytes);
  };
  if (typeof v === "string") {
    out.push(7);
    prefixed(enc.encode(v));
  } else {
    switch (v.type) {
      case "bool":
        out.push(v.value ? 0 : 1);
        break;
      case "byte":
        out.push(2);
        be(v.value, 1);
        break;
      case "short":
        out.push(3);
        be(v.value, 2);
        break;
      case "int":
        out.push(4);
        be(v.value, 4);
        break;
      case "long":
        out.push(5);
        be(v.value, 8);
        break;
      case "bytes":
        out.push(6);
        prefixed(v.value);
        break;
      case "timestamp":
        out.push(8);
        be(v.value, 8);
        break;
      case "uuid":
        out.push(9, ...v.value);
        break;
    }
  }
  return Uint8Array.from(out);
}

/** One event-stream message with valid prelude and message CRCs. */
export function encodeMessage(headers: Record<string, HeaderValue>, payload: string | Uint8Array): Uint8Array {
  const hs = Object.entries(headers).map(([k, v]) => headerBytes(k, v));
  const hLen = hs.reduce((a, h) => a + h.length, 0);
  const body = typeof payload === "string" ? enc.encode(payload) : payload;
  const total = 12 + hLen + body.length + 4;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, total);
  dv.setUint32(4, hLen);
  dv.setUint32(8, crc32(out.subarray(0, 8)));
  let p = 12;
  for (const h of hs) {
    out.set(h, p);
    p += h.length;
  }
  out.set(body, p);
  dv.setUint32(total - 4, crc32(out.subarray(0, total - 4)));
  return out;
}

/** A Bedrock ConverseStream event frame (`:message-type` event, JSON payload). */
export function bedrockEvent(eventType: string, payload: unknown): Uint8Array {
  return encodeMessage(
    { ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" },
    JSON.stringify(payload),
  );
}

/** A Bedrock in-stream exception frame. */
export function bedrockException(exceptionType: string, payload: unknown): Uint8Array {
  return encodeMessage(
    { ":exception-type": exceptionType, ":content-type": "application/json", ":message-type": "exception" },
    JSON.stringify(payload),
  );
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * A stream fixture (test/fixtures/bedrock/*.events.json): a list of `{ event, payload }` or
 * `{ exception, payload }` entries, encoded as one byte string.
 */
export function encodeFixture(
  entries: ReadonlyArray<{ event?: string; exception?: string; payload: unknown }>,
): Uint8Array {
  return concatBytes(
    entries.map((e) =>
      e.exception !== undefined ? bedrockException(e.exception, e.payload) : bedrockEvent(e.event ?? "", e.payload),
    ),
  );
}
