import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { decodeEventStreamMessage, eventStreamDecoder } from "../../../src/streaming/event-stream.js";
import { decoderFor } from "../../../src/streaming/framing.js";
import { crc32 } from "../../../src/streaming/crc32.js";
import { GatewayError } from "../../../src/errors/gateway-error.js";
import type { UpstreamEvent } from "../../../src/streaming/upstream-event.js";
import { bedrockEvent, bedrockException, concatBytes, encodeMessage, fromHex } from "../../helpers/event-stream.js";
import { splitAt, splitEvery } from "../../helpers/run-stream.js";

interface Vector {
  expectation: "success" | "failure";
  encoded: string;
  decoded?: { headers: Record<string, string>; data: string };
}
const VECTORS = (
  JSON.parse(readFileSync(new URL("../../fixtures/bedrock/eventstream-vectors.json", import.meta.url), "utf8")) as {
    vectors: Record<string, Vector>;
  }
).vectors;

async function decodeAll(
  pieces: Uint8Array[],
  decoder = eventStreamDecoder(),
): Promise<{ events: UpstreamEvent[]; error?: unknown }> {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of pieces) c.enqueue(p);
      c.close();
    },
  });
  const reader = body.pipeThrough(decoder).getReader();
  const events: UpstreamEvent[] = [];
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return { events };
      events.push(r.value);
    }
  } catch (error) {
    return { events, error };
  }
}

const enc = new TextEncoder();

describe("crc32", () => {
  it("matches the standard check value", () => {
    expect(crc32(enc.encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe("AWS event-stream codec vectors", () => {
  for (const [name, v] of Object.entries(VECTORS)) {
    if (v.expectation === "success") {
      it(`decodes ${name}`, () => {
        const ev = decodeEventStreamMessage(fromHex(v.encoded));
        expect(ev.headers).toEqual(v.decoded!.headers);
        expect(ev.data).toBe(v.decoded!.data);
      });
    } else {
      it(`rejects ${name}`, async () => {
        expect(() => decodeEventStreamMessage(fromHex(v.encoded))).toThrow(GatewayError);
        const { events, error } = await decodeAll([fromHex(v.encoded)]);
        expect(events).toEqual([]);
        expect(error).toBeInstanceOf(GatewayError);
        expect((error as GatewayError).status).toBe(502);
      });
    }
  }

  it("skips every non-string header type (all_headers vector) and keeps the payload intact", () => {
    const ev = decodeEventStreamMessage(fromHex(VECTORS.all_headers!.encoded));
    expect(Object.keys(ev.headers ?? {})).toEqual(["content-type"]);
    expect(ev.data).toBe("{'foo':'bar'}");
  });

  it("the test encoder reproduces AWS's all_headers bytes exactly", () => {
    const bytes = encodeMessage(
      {
        "event-type": { type: "int", value: 40972 },
        "content-type": "application/json",
        "bool false": { type: "bool", value: false },
        "bool true": { type: "bool", value: true },
        byte: { type: "byte", value: -49 },
        "byte buf": { type: "bytes", value: enc.encode("I'm a little teapot!") },
        timestamp: { type: "timestamp", value: 8675309n },
        int16: { type: "short", value: 42 },
        int64: { type: "long", value: 42424242n },
        uuid: { type: "uuid", value: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]) },
      },
      "{'foo':'bar'}",
    );
    expect(Buffer.from(bytes).toString("hex")).toBe(VECTORS.all_headers!.encoded);
  });
});

describe("eventStreamDecoder", () => {
  const frames = [
    bedrockEvent("messageStart", { role: "assistant" }),
    bedrockEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Grüße, 世界 👋" }, p: "abcdefgh" }),
    bedrockException("throttlingException", { message: "Too many requests" }),
    fromHex(VECTORS.all_headers!.encoded),
    bedrockEvent("metadata", { usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } }),
  ];
  const all = concatBytes(frames);
  const expected: UpstreamEvent[] = [
    {
      event: "messageStart",
      headers: { ":event-type": "messageStart", ":content-type": "application/json", ":message-type": "event" },
      data: '{"role":"assistant"}',
    },
    {
      event: "contentBlockDelta",
      headers: { ":event-type": "contentBlockDelta", ":content-type": "application/json", ":message-type": "event" },
      data: '{"contentBlockIndex":0,"delta":{"text":"Grüße, 世界 👋"},"p":"abcdefgh"}',
    },
    {
      headers: {
        ":exception-type": "throttlingException",
        ":content-type": "application/json",
        ":message-type": "exception",
      },
      data: '{"message":"Too many requests"}',
    },
    { headers: { "content-type": "application/json" }, data: "{'foo':'bar'}" },
    {
      event: "metadata",
      headers: { ":event-type": "metadata", ":content-type": "application/json", ":message-type": "event" },
      data: '{"usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3}}',
    },
  ];

  it("decodes a stream delivered in one piece", async () => {
    expect(await decodeAll([all])).toEqual({ events: expected });
  });

  it("decodes the same events whatever byte boundary the stream is split at", async () => {
    for (let at = 1; at < all.length; at++) {
      const { events, error } = await decodeAll(splitAt(all, at));
      expect(error, `split at ${at}`).toBeUndefined();
      expect(events, `split at ${at}`).toEqual(expected);
    }
  });

  it("decodes a stream delivered one byte at a time, and in odd-sized pieces", async () => {
    for (const size of [1, 2, 3, 7, 13, 64]) {
      expect(await decodeAll(splitEvery(all, size)), `pieces of ${size}`).toEqual({ events: expected });
    }
  });

  it("is what decoderFor('aws-event-stream') returns", async () => {
    expect(await decodeAll(splitEvery(all, 5), decoderFor("aws-event-stream"))).toEqual({ events: expected });
  });

  it("detects a flipped bit anywhere in a message", async () => {
    const frame = frames[1]!;
    for (let i = 0; i < frame.length; i++) {
      const bad = frame.slice();
      bad[i] = bad[i]! ^ 0x01;
      const { events, error } = await decodeAll([frames[0]!, bad]);
      expect(events, `byte ${i}`).toHaveLength(1);
      expect(error, `byte ${i}`).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).message).toMatch(/checksum|length|header/);
    }
  });

  it("names a payload checksum mismatch", async () => {
    const bad = frames[0]!.slice();
    bad[bad.length - 6] = bad[bad.length - 6]! ^ 0xff; // inside the payload
    const { error } = await decodeAll([bad]);
    expect((error as GatewayError).message).toContain("message checksum mismatch");
    expect((error as GatewayError).code).toBe("invalid_upstream_stream");
  });

  it("errors when the stream ends inside a message", async () => {
    const cut = all.slice(0, frames[0]!.length + 20);
    const { events, error } = await decodeAll([cut]);
    expect(events).toEqual([expected[0]]);
    expect((error as GatewayError).message).toContain("ended inside a message");
  });

  it("refuses a declared length above the cap instead of buffering for it", async () => {
    const big = encodeMessage({ ":event-type": "x" }, "y".repeat(200));
    const { error } = await decodeAll([big.slice(0, 12)], eventStreamDecoder({ maxMessageBytes: 100 }));
    expect((error as GatewayError).message).toMatch(/out of range/);
  });

  it("rejects an unknown header value type", () => {
    const good = encodeMessage({ a: "b" }, "");
    // header: [len=1]['a'][type=7]... → set the type byte to 12
    const bad = good.slice();
    bad[12 + 2] = 12;
    // re-seal the message CRC so only the header type is wrong
    new DataView(bad.buffer).setUint32(bad.length - 4, crc32(bad.subarray(0, bad.length - 4)));
    expect(() => decodeEventStreamMessage(bad)).toThrow(/unknown header value type 12/);
  });
});
