import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { createMessagesStreamEncoder } from "../../../../src/codecs/messages/stream-encoder.js";
import { toMessage } from "../../../../src/codecs/messages/from-chat-completion.js";
import { sseBytes } from "../../../../src/codecs/messages/sse.js";
import type { ChatCompletionChunk } from "../../../../src/openai/chat-response.js";
import type { GatewayError } from "../../../../src/errors/gateway-error.js";
import { assembleCompletion } from "../../../helpers/assemble-completion.js";
import { fixtureText } from "../../../helpers/fixtures.js";
import { vendorStreams } from "../../../helpers/vendor-streams.js";

/**
 * The official Anthropic SDK is the user's view: its own stream accumulator (messages.stream →
 * finalMessage) must assemble the translated stream into the message the non-stream translation gives.
 * The SDK talks to a fetch stub that answers with the encoder's SSE bytes; nothing leaves the process.
 */
const streams = await vendorStreams();

function clientAnswering(body: Uint8Array | string, contentType: string): Anthropic {
  return new Anthropic({
    apiKey: "sk-test",
    baseURL: "http://gateway.invalid",
    maxRetries: 0,
    fetch: async () => new Response(body, { headers: { "content-type": contentType } }),
  });
}

const params = { model: "group", max_tokens: 64, messages: [{ role: "user" as const, content: "hi" }] };
/** The message as JSON would carry it (drops the SDK's non-wire `parsed_output` and undefined fields). */
const wire = (m: object) => JSON.parse(JSON.stringify({ ...m, parsed_output: undefined }));

function translatedSse(chunks: readonly ChatCompletionChunk[], error?: unknown): Uint8Array {
  const enc = createMessagesStreamEncoder();
  const events = chunks.flatMap((c) => enc.push(c));
  events.push(...(error === undefined ? enc.end() : enc.fail(error as GatewayError)));
  return sseBytes(events);
}

describe("the Anthropic SDK reading translated streams", () => {
  it.each(streams.filter((s) => !s.error).map((s) => [s.name, s] as const))(
    "%s: finalMessage() equals the non-stream translation",
    async (_, s) => {
      const stream = clientAnswering(translatedSse(s.chunks), "text/event-stream").messages.stream(params);
      const final = await stream.finalMessage();
      expect(wire(final)).toEqual(toMessage(assembleCompletion(s.chunks)));
    },
  );

  it.each(streams.filter((s) => s.error).map((s) => [s.name, s] as const))(
    "%s: the error event surfaces as the SDK's APIError",
    async (_, s) => {
      const stream = clientAnswering(translatedSse(s.chunks, s.error), "text/event-stream").messages.stream(params);
      const err = await stream.finalMessage().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect((err as { error?: { type?: string } }).error?.type).toBe("error");
    },
  );

  it("reads the non-stream translation with messages.create", async () => {
    const s = streams.find((x) => x.name === "openai/tool-call.stream.chunks.txt")!;
    const message = toMessage(assembleCompletion(s.chunks));
    const got = await clientAnswering(JSON.stringify(message), "application/json").messages.create(params);
    expect(wire(got)).toEqual(message);
    expect(got.content.find((b) => b.type === "tool_use")).toMatchObject({ input: { city: "Paris" } });
  });

  it("reads a recorded native stream (what the native path forwards)", async () => {
    const sse = fixtureText("anthropic-messages/native.stream.txt");
    const final = await clientAnswering(sse, "text/event-stream").messages.stream(params).finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(["thinking", "text", "tool_use", "tool_use"]);
    expect(final.usage).toMatchObject({ input_tokens: 312, output_tokens: 87, cache_read_input_tokens: 2048 });
  });
});
