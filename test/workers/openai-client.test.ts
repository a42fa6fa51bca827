import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../helpers/fixtures.js";

// The official OpenAI client against the gateway (workerd) against a loopback OpenAI mock.
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  up = await startMockUpstream();
  gw = await startGateway({
    config: configWith(
      `
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4.1, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }
  - model_name: openai/*
    litellm_params: { model: openai/*, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }
  - model_name: groq-llama
    litellm_params: { model: groq/llama-3.3-70b-versatile, api_key: gsk-secret, api_base: ${up.url}/openai/v1 }`,
      "litellm_settings:\n  success_callback: [datadog]\n",
    ),
  });
  client = new OpenAI({ apiKey: MASTER_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("official openai client", () => {
  it("gets a non-stream completion with the upstream's body, usage and routing headers", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "user", content: "Hello" }], temperature: 0.2 })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe("Hello! How can I assist you today?");
    expect(data.usage).toMatchObject({ prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 });
    expect(data.system_fingerprint).toBe("fp_50cad350e4");
    expect(response.headers.get("x-switchyard-model-id")).toMatch(/^gpt-4o-/);
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0);
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer sk-upstream-secret");
    expect(sent.json()).toMatchObject({
      model: "gpt-4.1",
      temperature: 0.2,
      messages: [{ role: "user", content: "Hello" }],
    });
  });

  it("streams chunks in order and ends cleanly; usage only when asked", async () => {
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixtureText("openai/stream.chunks.txt"));
    });
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    let text = "";
    let sawUsage = false;
    let finish: string | null = null;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? "";
      if (c.choices[0]?.finish_reason) finish = c.choices[0].finish_reason;
      if (c.usage) sawUsage = true;
    }
    expect(text).toBe("Hello world");
    expect(finish).toBe("stop");
    expect(sawUsage).toBe(false);
    // The gateway always asks the upstream for usage, to account for the stream.
    expect(up.requests.at(-1)!.json()).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    const withUsage = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const c of withUsage) chunks.push(c);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 });
  });

  it("streams tool-call deltas untouched", async () => {
    up.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(fixtureText("openai/tool-call.stream.chunks.txt"));
    });
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "weather in Paris?" }],
      tools: [
        {
          type: "function",
          function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
        },
      ],
      stream: true,
    });
    let args = "";
    let name = "";
    for await (const c of stream) {
      const tc = c.choices[0]?.delta.tool_calls?.[0];
      if (tc?.function?.name) name = tc.function.name;
      args += tc?.function?.arguments ?? "";
    }
    expect(name).toBe("get_weather");
    expect(JSON.parse(args)).toEqual({ city: "Paris" });
  });

  it("routes a wildcard model to the vendor id after the prefix", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    await client.chat.completions.create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
    expect(up.requests.at(-1)!.json()).toMatchObject({ model: "gpt-4o-mini" });
  });

  it("reaches an OpenAI-compatible vendor row at its base path with its key", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    await client.chat.completions.create({ model: "groq-llama", messages: [{ role: "user", content: "x" }] });
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/openai/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer gsk-secret");
    expect(sent.json()).toMatchObject({ model: "llama-3.3-70b-versatile" });
  });

  it("lists the configured model groups", async () => {
    const list = await client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["gpt-4o", "groq-llama"]));
    expect(ids).not.toContain("openai/*");
  });

  it("surfaces upstream errors as the SDK's error classes with the vendor message, never the upstream key", async () => {
    up.handle((_req, res) => sendJson(res, 400, fixtureJson("openai/error-context-length.json")));
    const err = await client.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.status).toBe(400);
    expect(err.code).toBe("context_length_exceeded");
    expect(err.message).toContain("maximum context length is 128000 tokens");

    up.handle((_req, res) => sendJson(res, 401, fixtureJson("openai/error-invalid-key.json")));
    const auth = await client.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] })
      .catch((e) => e);
    expect(auth).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(JSON.stringify(auth.error)).not.toContain("sk-upstream-secret");
    // Even the vendor's masked echo of the upstream key ("sk-up-ke********7890") is taken out.
    expect(auth.message).not.toContain("sk-up-ke");
    expect(auth.message).toContain("Incorrect API key provided: [redacted]");
  });
});

describe("logs", () => {
  it("never print the upstream key or the master key", () => {
    const out = gw.output();
    // The config's unsupported key was logged, so the capture works; no secret was.
    expect(out).toContain("litellm_settings.success_callback");
    expect(out).not.toContain("sk-upstream-secret");
    expect(out).not.toContain("gsk-secret");
    expect(out).not.toContain(MASTER_KEY);
  });
});
