import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../helpers/fixtures.js";

// Azure OpenAI's wire format: deployment URL, api-version query, api-key header, OpenAI bodies.
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  up = await startMockUpstream();
  gw = await startGateway({
    config: configWith(`  - model_name: azure-gpt
    litellm_params: { model: azure/prod-gpt4o, api_key: os.environ/AZURE_KEY, api_base: ${up.url}, api_version: "2024-10-21" }`),
    vars: { AZURE_KEY: "az-secret-key" },
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("azure", () => {
  it("calls the deployment URL with api-version and the api-key header", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    const r = await client.chat.completions.create({ model: "azure-gpt", messages: [{ role: "user", content: "hi" }] });
    expect(r.choices[0]!.message.content).toContain("Hello");
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21");
    expect(sent.headers["api-key"]).toBe("az-secret-key");
    expect(sent.headers.authorization).toBeUndefined();
  });

  it("streams", async () => {
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixtureText("openai/stream.chunks.txt"));
    });
    let text = "";
    for await (const c of await client.chat.completions.create({
      model: "azure-gpt",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    })) {
      text += c.choices[0]?.delta.content ?? "";
    }
    expect(text).toBe("Hello world");
  });

  it("a content-filter 400 reaches the client as a 400 with code content_filter", async () => {
    up.handle((_req, res) => sendJson(res, 400, fixtureJson("azure/error-content-filter.json")));
    const err = await client.chat.completions
      .create({ model: "azure-gpt", messages: [{ role: "user", content: "x" }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe("content_filter");
    expect(err.message).toContain("content management policy");
  });
});
