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

// The official OpenAI client → the gateway (workerd) → a loopback mock speaking Anthropic's Messages API.
const KEY = "sk-ant-upstream-secret-4242";
const MODEL = "claude-sonnet-4-5-20250929";
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

const sse = (file: string, pieceSize?: number) => (_req: unknown, res: Parameters<typeof sendRaw>[0]) =>
  sendRaw(res, { contentType: "text/event-stream", body: fixtureText(`anthropic/${file}`), pieceSize });

beforeAll(async () => {
  up = await startMockUpstream();
  gw = await startGateway({
    config: providerConfig(`
  - model_name: claude
    litellm_params: { model: anthropic/${MODEL}, api_key: os.environ/ANTHROPIC_KEY, api_base: ${up.url} }`),
    vars: { ANTHROPIC_KEY: KEY },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("anthropic through the gateway", () => {
  it("text: POST /v1/messages with x-api-key and anthropic-version, answer mapped to a chat completion", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("anthropic/text.response.json")));
    const { data: r, response } = await client.chat.completions
      .create({
        model: "claude",
        messages: [
          { role: "system", content: "Be nice." },
          { role: "user", content: "Hello" },
        ],
        max_tokens: 100,
        temperature: 0.3,
      })
      .withResponse();
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0); // priced by the vendor model id
    expect(r.choices[0]!.message).toMatchObject({ role: "assistant", content: "Hello! How can I help you today?" });
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.model).toBe(MODEL); // the model the vendor says answered
    expect(r.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 12, total_tokens: 24 });

    const sent = up.requests.at(-1)!;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe(KEY);
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.headers.authorization).toBeUndefined();
    const body = sent.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      model: MODEL,
      max_tokens: 100,
      temperature: 0.3,
      system: [{ type: "text", text: "Be nice." }],
    });
    expect(body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Hello" }] }]);
    expect(body.stream).toBeUndefined();
  });

  it("stream text (upstream bytes cut every 5 bytes): the client gets the text in order, role first, finish stop, no usage unless asked", async () => {
    up.handle(sse("text.chunks.txt", 5));
    const s = await collectStream(
      await client.chat.completions.create({
        model: "claude",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    );
    expect(s.text).toBe("Hello, world — ünïcode ✓!");
    expect(s.firstRole).toBe("assistant");
    expect(s.finishReason).toBe("stop");
    expect(s.usageChunks).toBe(0);
    expect(up.requests.at(-1)!.json()).toMatchObject({ model: MODEL, stream: true });
  });

  it("tool call: an OpenAI tool conversation goes out as Anthropic's body; tool_use comes back as tool_calls", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("anthropic/tool-call.response.json")));
    const request = {
      ...fixtureJson<Record<string, unknown>>("anthropic/tool-conversation.openai.json"),
      model: "claude",
    };
    const r = await client.chat.completions.create(request as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(up.requests.at(-1)!.json()).toEqual(fixtureJson("anthropic/tool-conversation.anthropic.json"));

    const m = r.choices[0]!.message;
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    expect(m.content).toBe("I'll check the weather in San Francisco.");
    expect(m.tool_calls).toHaveLength(1);
    const call = m.tool_calls![0]!;
    expect(call).toMatchObject({
      id: "toolu_01A09q90qw90lq917835lq9",
      type: "function",
      function: { name: "get_weather" },
    });
    expect(JSON.parse(call.type === "function" ? call.function.arguments : "")).toEqual({
      location: "San Francisco, CA",
      unit: "celsius",
    });
  });

  it("tool call streamed: argument pieces assemble into the tool's JSON input", async () => {
    up.handle(sse("tool-call.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        model: "claude",
        messages: [{ role: "user", content: "Weather in SF?" }],
        tools: [WEATHER_TOOL],
        stream: true,
      }),
    );
    expect(s.text).toBe("Okay, let's check the weather for San Francisco, CA:");
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]).toMatchObject({
      index: 0,
      id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
      type: "function",
      name: "get_weather",
    });
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual({ location: "San Francisco, CA", unit: "fahrenheit" });
    expect(s.finishReason).toBe("tool_calls");
    expect((up.requests.at(-1)!.json() as { tools: unknown }).tools).toEqual([
      {
        name: "get_weather",
        description: "Current weather for a city",
        input_schema: WEATHER_TOOL.function.parameters,
      },
    ]);
  });

  it("usage: with include_usage the final chunk has no choices and carries usage, cached tokens included", async () => {
    up.handle(sse("cached-usage.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        model: "claude",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(s.usageChunks).toBe(1);
    const last = s.chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({
      prompt_tokens: 21 + 2048 + 4096,
      completion_tokens: 64,
      total_tokens: 21 + 2048 + 4096 + 64,
    });
    expect(last.usage!.prompt_tokens_details).toMatchObject({ cached_tokens: 4096 });
    expect(s.finishReason).toBe("length");
  });

  it("errors: 529 overloaded → 503, 429 → 429 with retry-after, prompt too long → context_length_exceeded", async () => {
    up.handle((_req, res) => sendJson(res, 529, fixtureJson("anthropic/error-529.json")));
    const overloaded = await client.chat.completions
      .create({ model: "claude", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(OpenAI.InternalServerError);
    expect((overloaded as APIError).status).toBe(503);
    expect((overloaded as APIError).message).toContain("Overloaded");

    up.handle((_req, res) => sendJson(res, 429, fixtureJson("anthropic/error-429.json"), { "retry-after": "7" }));
    const limited = await client.chat.completions
      .create({ model: "claude", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as APIError).headers?.get("retry-after")).toBe("7");
    expect((limited as APIError).message).toContain("50 requests per minute");

    up.handle((_req, res) => sendJson(res, 400, fixtureJson("anthropic/error-400-prompt-too-long.json")));
    const tooLong = await client.chat.completions
      .create({ model: "claude", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooLong as APIError).code).toBe("context_length_exceeded");
    expect(JSON.stringify((tooLong as APIError).error)).not.toContain(KEY);
  });

  it("error inside a stream: the client gets the partial text, then the vendor's error", async () => {
    up.handle(sse("stream-error.chunks.txt"));
    const s = await collectUntilError(
      await client.chat.completions.create({
        model: "claude",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    );
    expect(s.text).toBe("Partial");
    expect(s.error).toBeInstanceOf(OpenAI.APIError);
    expect((s.error as APIError).message).toContain("Overloaded");

    const raw = await rawStream(gw, { model: "claude", messages: [{ role: "user", content: "hi" }] });
    expect(raw.status).toBe(200);
    expect(raw.done).toBe(true);
    expect(raw.error).toMatchObject({ type: "api_error", message: expect.stringContaining("Overloaded") });
  });

  it("never logs the upstream key", () => {
    expect(gw.output()).not.toContain(KEY);
  });
});
