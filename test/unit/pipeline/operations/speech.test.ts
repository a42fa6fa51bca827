import { describe, expect, it } from "vitest";
import type { MemorySpendSink } from "../../../../src/state/memory/spend-sink.js";
import { libraryGateway } from "../../../helpers/library-gateway.js";

const tts = {
  model_name: "voice",
  litellm_params: { model: "openai/tts-1", api_key: "sk-up", api_base: "http://up.test/v1" },
};

/** An upstream audio body the test feeds by hand. */
function heldBody() {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled: unknown = null;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      ctl = c;
    },
    cancel: (reason) => {
      cancelled = reason ?? "cancelled";
    },
  });
  return {
    body,
    send: (b: number[]) => ctl.enqueue(new Uint8Array(b)),
    end: () => ctl.close(),
    fail: (e: Error) => ctl.error(e),
    cancelled: () => cancelled,
  };
}
const records = (gw: ReturnType<typeof libraryGateway>) => (gw.deps.state.spend as MemorySpendSink).records;

describe("speech", () => {
  it("pipes the audio through as it arrives, priced per character, recorded once the body ends", async () => {
    const up = heldBody();
    const gw = libraryGateway({
      models: [tts],
      answer: () => new Response(up.body, { headers: { "content-type": "audio/mpeg" } }),
    });
    const res = await gw.call("/v1/audio/speech", { model: "voice", input: "Héllo 👋", voice: "alloy" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/mpeg");
    // tts-1: $15 per 1M characters; "Héllo 👋" is 7 characters
    expect(Number(res.headers.get("x-switchyard-response-cost"))).toBeCloseTo(0.000105, 9);
    const reader = res.body!.getReader();
    up.send([0x49, 0x44, 0x33]);
    expect((await reader.read()).value).toEqual(new Uint8Array([0x49, 0x44, 0x33]));
    expect(records(gw)).toHaveLength(0); // still streaming
    up.send([1, 2]);
    expect((await reader.read()).value).toEqual(new Uint8Array([1, 2]));
    up.end();
    expect((await reader.read()).done).toBe(true);
    expect(records(gw)).toEqual([expect.objectContaining({ operation: "speech", status: 200, cost_micros: 105 })]);
    expect(gw.seen[0]!.json()).toEqual({ model: "tts-1", input: "Héllo 👋", voice: "alloy" });
  });

  it("a client that goes away cancels the upstream body; the request is recorded as 499", async () => {
    const up = heldBody();
    const gw = libraryGateway({ models: [tts], answer: () => new Response(up.body) });
    const res = await gw.call("/v1/audio/speech", {
      model: "voice",
      input: "Hi",
      voice: "alloy",
      response_format: "wav",
    });
    expect(res.headers.get("content-type")).toBe("audio/wav");
    up.send([1]);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel("bye");
    expect(up.cancelled()).not.toBeNull();
    expect(records(gw)).toEqual([expect.objectContaining({ status: 499, cost_micros: 30 })]);
  });

  it("an upstream that breaks off mid-body errors the client's stream and is recorded as 502", async () => {
    const up = heldBody();
    const gw = libraryGateway({ models: [tts], answer: () => new Response(up.body) });
    const res = await gw.call("/v1/audio/speech", { model: "voice", input: "Hi", voice: "alloy" });
    const reader = res.body!.getReader();
    up.fail(new Error("connection reset"));
    await expect(reader.read()).rejects.toThrow(/broke off/);
    expect(records(gw)).toEqual([expect.objectContaining({ status: 502, error_type: "api_connection_error" })]);
  });

  it("refuses bad input naming the field", async () => {
    const gw = libraryGateway({ models: [tts], answer: () => new Response("x") });
    const res = await gw.call("/v1/audio/speech", { model: "voice", input: "Hi" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("voice");
  });
});
