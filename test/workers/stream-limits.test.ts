import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { rawStream } from "../helpers/provider-calls.js";
import { chunkFrame, startTaggedUpstream, type TaggedUpstream } from "../helpers/tagged-upstream.js";

// An upstream that sends one 10 MB SSE line: the gateway parses in linear time (health checks keep
// answering), and past the 8 Mi-character limit it ends the client's stream with one clear error event.
let up: TaggedUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startTaggedUpstream();
  gw = await startGateway({
    config: configWith(up.deployment("huge", "huge"), "router_settings:\n  num_retries: 0\n"),
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("a 10 MB single-line SSE event", () => {
  it("ends the stream with an error naming the limit, and the gateway answers meanwhile", async () => {
    let sent = 0;
    let healthDuringStream: number | undefined;
    up.on("huge", (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunkFrame({ role: "assistant", content: "start" }));
      res.write('data: {"choices":[{"index":0,"delta":{"content":"');
      const piece = "x".repeat(64 * 1024);
      const pump = async () => {
        while (sent < 10 * 1024 * 1024 && !res.destroyed) {
          res.write(piece);
          sent += piece.length;
          if (sent === 2 * 1024 * 1024) healthDuringStream = (await gw.call("/health/liveliness")).status;
          await new Promise<void>((r) => setImmediate(r));
        }
        res.end('"}}]}\n\n');
      };
      void pump();
    });
    const r = await rawStream(gw, { model: "huge", messages: [{ role: "user", content: "hi" }] });
    expect(r.status).toBe(200);
    expect(r.frames.length).toBeGreaterThanOrEqual(2);
    expect(r.error?.code).toBe("upstream_event_too_large");
    expect(r.error?.message).toContain("longer than 8388608 characters");
    expect(healthDuringStream).toBe(200);
  });
});
