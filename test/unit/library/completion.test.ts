import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completion, createGateway, RateLimitError } from "../../../src/index.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../../helpers/fixtures.js";

// Library mode in plain Node: the same adapters, a real HTTP upstream on loopback, no workerd.
let up: MockUpstream;
beforeAll(async () => {
  up = await startMockUpstream();
});
afterAll(async () => {
  await up?.close();
});

describe("completion()", () => {
  it("returns an OpenAI completion from an OpenAI-compatible host", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    const r = await completion({
      model: "openai/gpt-4.1",
      api_key: "sk-lib",
      api_base: `${up.url}/v1`,
      messages: [{ role: "user", content: "Hello" }],
    });
    expect(r.choices[0]!.message.content).toBe("Hello! How can I assist you today?");
    expect(up.requests.at(-1)!.headers.authorization).toBe("Bearer sk-lib");
  });

  it("streams chunks as an async iterable, translating a native vendor (Anthropic)", async () => {
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixtureText("anthropic/text.chunks.txt"));
    });
    const stream = await completion({
      model: "anthropic/claude-sonnet-4-5",
      api_key: "sk-ant",
      api_base: up.url,
      stream: true,
      messages: [{ role: "user", content: "Hi" }],
    });
    let text = "";
    for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
    expect(text.length).toBeGreaterThan(0);
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe("sk-ant");
  });

  it("throws the gateway's error classes", async () => {
    up.handle((_req, res) => sendJson(res, 429, fixtureJson("openai/error-rate-limit.json"), { "retry-after": "1" }));
    await expect(
      completion({
        model: "openai/gpt-4o",
        api_key: "k",
        api_base: `${up.url}/v1`,
        messages: [{ role: "user", content: "x" }],
      }),
    ).rejects.toBeInstanceOf(RateLimitError);
  });
});

describe("createGateway()", () => {
  it("serves the whole HTTP surface as a fetch handler with in-memory state", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    const gw = createGateway({
      config: {
        model_list: [
          { model_name: "m", litellm_params: { model: "openai/gpt-4o", api_key: "k", api_base: `${up.url}/v1` } },
        ],
        general_settings: { master_key: "sk-lib-master" },
      },
      log: { info() {}, warn() {}, error() {} },
    });
    const res = await gw.fetch(
      new Request("http://lib/v1/chat/completions", {
        method: "POST",
        headers: { authorization: "Bearer sk-lib-master", "content-type": "application/json" },
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
      }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string }).object).toBe("chat.completion");
    const denied = await gw.fetch(new Request("http://lib/v1/models"));
    expect(denied.status).toBe(401);
  });
});
