import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureJson, fixtureText } from "../../helpers/fixtures.js";
import { configWith, MASTER_KEY, startGateway, type TestGateway } from "../../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../../helpers/mock-upstream.js";

// Legacy completions through the gateway (workerd), driven by the official client: passed natively
// to a completion model (OpenAI, Azure), translated to chat for a chat model (OpenAI, Anthropic).
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

const chatChunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-s", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function answer(req: RecordedRequest, res: import("node:http").ServerResponse): void {
  const body = req.json() as { stream?: boolean; messages?: Array<{ content: unknown }> };
  const path = req.path.split("?")[0]!;
  if (path.endsWith("/completions") && !path.endsWith("/chat/completions")) {
    if (body.stream) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixtureText("openai/text-completion.chunks.txt"));
    } else sendJson(res, 200, fixtureJson("openai/text-completion.response.json"));
    return;
  }
  if (path === "/anthropic/v1/messages") {
    sendJson(res, 200, fixtureJson("anthropic/text.response.json"));
    return;
  }
  if (body.stream) {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(
      chatChunk({ role: "assistant", content: "" }) +
        chatChunk({ content: "Paris" }) +
        chatChunk({}, "stop") +
        `data: ${JSON.stringify({ id: "chatcmpl-s", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [], usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 } })}\n\ndata: [DONE]\n\n`,
    );
    return;
  }
  sendJson(res, 200, fixtureJson("openai/chat-completion.json"));
}

beforeAll(async () => {
  up = await startMockUpstream(answer);
  gw = await startGateway({
    config: configWith(`
  - model_name: instruct
    litellm_params: { model: openai/gpt-3.5-turbo-instruct, api_key: sk-openai-secret, api_base: ${up.url}/v1 }
  - model_name: instruct-azure
    litellm_params: { model: azure/my-instruct, api_key: az-secret, api_base: ${up.url}/azure, api_version: 2024-10-21 }
    model_info: { mode: completion }
  - model_name: chat
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai-secret, api_base: ${up.url}/v1 }
  - model_name: claude
    litellm_params: { model: anthropic/claude-3-5-haiku-20241022, api_key: sk-ant-secret, api_base: ${up.url}/anthropic }`),
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("completions, native", () => {
  it("completions.create: the request and the answer pass as they are", async () => {
    const out = await client.completions.create({
      model: "instruct",
      prompt: "Say this is a test",
      max_tokens: 7,
      logprobs: 1,
    });
    expect(out).toEqual(fixtureJson("openai/text-completion.response.json"));
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/completions");
    expect(sent.headers.authorization).toBe("Bearer sk-openai-secret");
    expect(sent.json()).toEqual({
      model: "gpt-3.5-turbo-instruct",
      prompt: "Say this is a test",
      max_tokens: 7,
      logprobs: 1,
    });
  });

  it("completions.create stream: text_completion chunks and usage", async () => {
    const stream = await client.completions.create({
      model: "instruct",
      prompt: "x",
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: unknown;
    for await (const c of stream) {
      expect(c.object).toBe("text_completion");
      text += c.choices.map((x) => x.text).join("");
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe("This is a test");
    expect(usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
  });

  it("Azure: the deployment's /completions path", async () => {
    const out = await client.completions.create({ model: "instruct-azure", prompt: "x" });
    expect(out.choices[0]!.text).toBe("\n\nThis is indeed a test");
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/azure/openai/deployments/my-instruct/completions?api-version=2024-10-21");
    expect(sent.headers["api-key"]).toBe("az-secret");
  });
});

describe("completions, translated to chat", () => {
  it("completions.create on a chat model: a user message out, a text_completion back", async () => {
    const out = await client.completions.create({ model: "chat", prompt: "Hi", max_tokens: 10, echo: true });
    expect(out.object).toBe("text_completion");
    expect(out.choices[0]).toMatchObject({
      index: 0,
      text: "HiHello! How can I assist you today?",
      finish_reason: "stop",
    });
    expect(out.usage).toMatchObject({ prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 });
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.json()).toEqual({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], max_tokens: 10 });
  });

  it("completions.create stream on a chat model", async () => {
    const stream = await client.completions.create({ model: "chat", prompt: "Capital of France?", stream: true });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.map((c) => c.choices[0]?.text).join("")).toBe("Paris");
    expect(chunks.every((c) => c.object === "text_completion")).toBe(true);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
    expect(up.requests.at(-1)!.json()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("on Anthropic, through its chat translation", async () => {
    const out = await client.completions.create({ model: "claude", prompt: "Hello", max_tokens: 20 });
    expect(out.choices[0]!.text).toBe("Hello! How can I help you today?");
    expect(up.requests.at(-1)!.path).toBe("/anthropic/v1/messages");
  });

  it("refuses what a chat model cannot do, naming it", async () => {
    const err = await client.completions.create({ model: "chat", prompt: "x", suffix: "end" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("suffix");
  });
});
