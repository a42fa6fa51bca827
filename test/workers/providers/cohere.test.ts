import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI, { type APIError } from "openai";
import { startGateway, type TestGateway } from "../../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../../helpers/fixtures.js";
import {
  WEATHER_TOOL,
  collectStream,
  collectUntilError,
  gatewayClient,
  providerConfig,
  rawStream,
  sendRaw,
} from "../../helpers/provider-calls.js";

// The official OpenAI client → the gateway (workerd) → a loopback mock speaking Cohere's v2 chat API.
const KEY = "co-upstream-secret-4242";
const MODEL = "command-a-03-2025";
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

const sse = (file: string, pieceSize?: number) => (_req: unknown, res: Parameters<typeof sendRaw>[0]) =>
  sendRaw(res, { contentType: "text/event-stream", body: fixtureText(`cohere/${file}`), pieceSize });

beforeAll(async () => {
  up = await startMockUpstream();
  gw = await startGateway({
    config: providerConfig(`
  - model_name: command-a
    litellm_params: { model: cohere/${MODEL}, api_key: os.environ/COHERE_KEY, api_base: ${up.url} }`),
    vars: { COHERE_KEY: KEY },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const ask = (content = "hi") => ({ model: "command-a", messages: [{ role: "user" as const, content }] });

describe("cohere through the gateway", () => {
  it("text: POST /v2/chat with a Bearer key; billed units become usage", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("cohere/text.response.json")));
    const { data: r, response } = await client.chat.completions
      .create({
        model: "command-a",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "What is an LLM?" },
        ],
        max_tokens: 100,
        temperature: 0.3,
      })
      .withResponse();
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0); // priced by the vendor model id
    expect(r.choices[0]!.message).toMatchObject({
      role: "assistant",
      content: "LLMs are neural networks trained on large amounts of text.",
    });
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 12, total_tokens: 17 });

    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/v2/chat");
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.json()).toEqual({
      model: MODEL,
      stream: false,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "What is an LLM?" },
      ],
      max_tokens: 100,
      temperature: 0.3,
    });
  });

  it("stream text (upstream bytes cut every 5 bytes): the client gets the text in order, role first, finish stop, no usage unless asked", async () => {
    up.handle(sse("text.chunks.txt", 5));
    const s = await collectStream(await client.chat.completions.create({ ...ask(), stream: true }));
    const sent = up.requests.at(-1)!;
    expect(sent.json()).toMatchObject({ stream: true });
    expect(sent.headers.accept).toBe("text/event-stream");
    expect(s.text).toBe("Hello, wörld ✓!");
    expect(s.firstRole).toBe("assistant");
    expect(s.finishReason).toBe("stop");
    expect(s.usageChunks).toBe(0);
  });

  it("tool call: an OpenAI tool conversation goes out as Cohere's body; tool_calls come back with the plan as content", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("cohere/tool-call.response.json")));
    const request = {
      ...fixtureJson<Record<string, unknown>>("cohere/tool-conversation.openai.json"),
      model: "command-a",
    };
    const r = await client.chat.completions.create(request as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(up.requests.at(-1)!.json()).toEqual(fixtureJson("cohere/tool-conversation.cohere.json"));

    const m = r.choices[0]!.message;
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    expect(m.content).toBe("I will look up the weather in Toronto.");
    expect(m.tool_calls![0]).toMatchObject({
      id: "get_weather_1byjy32y4hvq",
      type: "function",
      function: { name: "get_weather" },
    });
    const call = m.tool_calls![0]!;
    expect(JSON.parse(call.type === "function" ? call.function.arguments : "")).toEqual({ location: "Toronto" });
  });

  it("tool call streamed: tool-call-delta pieces assemble into the arguments", async () => {
    up.handle(sse("tool-call.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({ ...ask("Weather in Toronto?"), tools: [WEATHER_TOOL], stream: true }),
    );
    expect(s.text).toBe("I will check the weather.");
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]).toMatchObject({
      index: 0,
      id: "get_weather_nsz5zm3w56q3",
      type: "function",
      name: "get_weather",
    });
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual({ location: "Toronto" });
    expect(s.finishReason).toBe("tool_calls");
    expect(up.requests.at(-1)!.json()).toMatchObject({ tools: [WEATHER_TOOL] });
  });

  it("usage: with include_usage the final chunk has no choices and carries the billed units", async () => {
    up.handle(sse("text.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({ ...ask(), stream: true, stream_options: { include_usage: true } }),
    );
    expect(s.usageChunks).toBe(1);
    expect(s.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
    });
  });

  it("errors: 429 → 429, 402 → 429 insufficient_quota, too many tokens → context_length_exceeded", async () => {
    up.handle((_req, res) => sendJson(res, 429, fixtureJson("cohere/error-429.json"), { "retry-after": "12" }));
    const limited = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as APIError).headers?.get("retry-after")).toBe("12");
    expect((limited as APIError).message).toContain("Trial key, which is limited to 10 API calls / minute");

    up.handle((_req, res) => sendJson(res, 402, fixtureJson("cohere/error-402.json")));
    const billing = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(billing).toBeInstanceOf(OpenAI.RateLimitError);
    expect((billing as APIError).code).toBe("insufficient_quota");
    expect((billing as APIError).message).toContain("payment method");

    up.handle((_req, res) => sendJson(res, 400, fixtureJson("cohere/error-400-too-many-tokens.json")));
    const tooLong = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooLong as APIError).code).toBe("context_length_exceeded");
    expect(JSON.stringify((tooLong as APIError).error)).not.toContain(KEY);
  });

  it("error inside a stream: the client gets the partial text, then the generation failure", async () => {
    up.handle(sse("stream-error.chunks.txt"));
    const s = await collectUntilError(await client.chat.completions.create({ ...ask(), stream: true }));
    expect(s.text).toBe("Partial");
    expect(s.error).toBeInstanceOf(OpenAI.APIError);
    expect((s.error as APIError).message).toContain("internal generation failure");

    const raw = await rawStream(gw, ask());
    expect(raw.status).toBe(200);
    expect(raw.done).toBe(true);
    expect(raw.error).toMatchObject({ type: "api_error", message: expect.stringContaining("cohere error") });
  });

  it("never logs the upstream key", () => {
    expect(gw.output()).not.toContain(KEY);
  });
});
