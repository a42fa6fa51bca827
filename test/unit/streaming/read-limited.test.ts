import { describe, expect, it } from "vitest";
import { readBody } from "../../../src/http/read-body.js";
import { readLimited } from "../../../src/streaming/read-limited.js";

function streamOf(pieces: string[], onCancel?: () => void): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < pieces.length) c.enqueue(enc.encode(pieces[i++]));
      else c.close();
    },
    cancel() {
      onCancel?.();
    },
  });
}

describe("reading a body up to a limit", () => {
  it("returns every byte in order when the body fits", async () => {
    const bytes = await readLimited(streamOf(["héllo ", "wor", "ld"]), 100, () => new Error("too large"));
    expect(new TextDecoder().decode(bytes)).toBe("héllo world");
  });

  it("stops at the first piece past the limit and cancels the body", async () => {
    let cancelled = false;
    const endless = streamOf(
      Array.from({ length: 1000 }, () => "x".repeat(100)),
      () => (cancelled = true),
    );
    await expect(readLimited(endless, 250, () => new Error("too large"))).rejects.toThrow("too large");
    expect(cancelled).toBe(true);
  });

  it("a request body without a declared length is refused with 413 once it passes the limit, and read whole otherwise", async () => {
    const req = (pieces: string[]) =>
      new Request("http://gw.test/v1/chat/completions", {
        method: "POST",
        body: streamOf(pieces),
        duplex: "half",
      } as RequestInit);
    expect(await readBody(req(['{"a":', '"b"}']), 100)).toBe('{"a":"b"}');
    await expect(readBody(req(["x".repeat(60), "y".repeat(60)]), 100)).rejects.toMatchObject({
      status: 413,
      code: "request_too_large",
    });
  });
});
