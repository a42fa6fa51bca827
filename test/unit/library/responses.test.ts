import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, NotFoundError, responses } from "../../../src/index.js";
import { MemoryResponseStore } from "../../../src/state/memory/response-store.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../../helpers/fixtures.js";
import { expectValidResponseStream } from "../../helpers/responses-event-grammar.js";

// responses() in plain Node: the Responses API through the gateway's adapters, no server.
let up: MockUpstream;
beforeAll(async () => {
  up = await startMockUpstream();
});
afterAll(async () => {
  await up?.close();
});

const claude = () => ({ model: "anthropic/claude-sonnet-4-5", api_key: "sk-ant", api_base: up.url });

describe("responses()", () => {
  it("returns a Response translated from Anthropic, and continues it with previous_response_id", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("anthropic/text.response.json")));
    const first = await responses({ ...claude(), input: "Hello" });
    expect(first).toMatchObject({ object: "response", status: "completed", model: "anthropic/claude-sonnet-4-5" });
    expect(first.output[0]).toMatchObject({
      type: "message",
      content: [{ type: "output_text", text: "Hello! How can I help you today?" }],
    });
    await responses({ ...claude(), input: "And?", previous_response_id: first.id });
    expect((up.requests.at(-1)!.json() as { messages: unknown[] }).messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Hello" }] },
      { role: "assistant", content: [{ type: "text", text: "Hello! How can I help you today?" }] },
      { role: "user", content: [{ type: "text", text: "And?" }] },
    ]);
  });

  it("streams Responses events in OpenAI's grammar as an async iterable", async () => {
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixtureText("anthropic/text.chunks.txt"));
    });
    const events = [];
    for await (const ev of await responses({ ...claude(), input: "Hi", stream: true })) events.push(ev);
    expectValidResponseStream(events);
    expect(events.at(-1)).toMatchObject({ type: "response.completed", response: { status: "completed" } });
  });

  it("keeps conversations in the store it is given; another store does not know them", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("anthropic/text.response.json")));
    const mine = new MemoryResponseStore({ now: () => Date.now() });
    const first = await responses({ ...claude(), input: "Hello", responseStore: mine });
    expect(await mine.get("master", first.id)).toMatchObject({ id: first.id, origin: { native: false } });
    await expect(
      responses({
        ...claude(),
        input: "more",
        previous_response_id: first.id,
        responseStore: new MemoryResponseStore({ now: () => Date.now() }),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("throws the gateway's error classes: a hosted tool on a translated vendor is a BadRequestError", async () => {
    await expect(responses({ ...claude(), input: "x", tools: [{ type: "web_search" }] })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });
});
