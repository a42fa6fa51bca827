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

// The official OpenAI client → the gateway (workerd) → a loopback mock speaking the Gemini API (AI Studio, v1beta).
const KEY = "AIzaSy-upstream-secret-4242";
const GENERATE = "/v1beta/models/gemini-2.0-flash:generateContent";
const STREAM = "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse";
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

const sse = (file: string, pieceSize?: number) => (_req: unknown, res: Parameters<typeof sendRaw>[0]) =>
  sendRaw(res, { contentType: "text/event-stream", body: fixtureText(`gemini/${file}`), pieceSize });

beforeAll(async () => {
  up = await startMockUpstream();
  gw = await startGateway({
    config: providerConfig(`
  - model_name: gemini-flash
    litellm_params: { model: gemini/gemini-2.0-flash, api_key: os.environ/GEMINI_KEY, api_base: ${up.url} }`),
    vars: { GEMINI_KEY: KEY },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("gemini through the gateway", () => {
  it("text: generateContent with x-goog-api-key, contents/systemInstruction/generationConfig; answer mapped", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("gemini/text.response.json")));
    const { data: r, response } = await client.chat.completions
      .create({
        model: "gemini-flash",
        messages: [
          { role: "system", content: "Be nice." },
          { role: "user", content: "Hello" },
        ],
        max_tokens: 100,
        temperature: 0.3,
      })
      .withResponse();
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0); // priced by the vendor model id
    expect(r.choices[0]!.message).toMatchObject({
      role: "assistant",
      content: "Hello! Grüße aus Zürich — how can I help? ✓",
    });
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 14, total_tokens: 26 });

    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe(GENERATE);
    expect(sent.headers["x-goog-api-key"]).toBe(KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.path).not.toContain("key=");
    expect(sent.json()).toEqual({
      contents: [{ role: "user", parts: [{ text: "Hello" }] }],
      systemInstruction: { parts: [{ text: "Be nice." }] },
      generationConfig: { maxOutputTokens: 100, temperature: 0.3 },
    });
  });

  it("stream text (upstream bytes cut every 5 bytes): streamGenerateContent?alt=sse; the client gets the text, role first, finish stop, no usage unless asked", async () => {
    up.handle(sse("text.chunks.txt", 5));
    const s = await collectStream(
      await client.chat.completions.create({
        model: "gemini-flash",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    );
    expect(up.requests.at(-1)!.path).toBe(STREAM);
    expect(s.text).toBe("Hello! Grüße aus Zürich — how can I help? ✓");
    expect(s.firstRole).toBe("assistant");
    expect(s.finishReason).toBe("stop");
    expect(s.usageChunks).toBe(0);
  });

  it("tool call: an OpenAI tool conversation goes out as Gemini's body; functionCall comes back as tool_calls", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("gemini/tool-call.response.json")));
    const request = {
      ...fixtureJson<Record<string, unknown>>("gemini/tool-conversation.openai.json"),
      model: "gemini-flash",
    };
    const r = await client.chat.completions.create(request as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(up.requests.at(-1)!.json()).toEqual(fixtureJson("gemini/tool-conversation.gemini.json"));

    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    const calls = r.choices[0]!.message.tool_calls!;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(calls[0]!.id).toMatch(/\S/);
    expect(JSON.parse(calls[0]!.type === "function" ? calls[0]!.function.arguments : "")).toEqual({
      location: "Boston, MA",
      unit: "celsius",
    });
  });

  it("tool call streamed: the call arrives as id+name then arguments that parse to the call's args", async () => {
    up.handle(sse("tool-call.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        model: "gemini-flash",
        messages: [{ role: "user", content: "Weather in Boston?" }],
        tools: [WEATHER_TOOL],
        stream: true,
      }),
    );
    expect(s.text).toBe("Let me check.");
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]).toMatchObject({ index: 0, type: "function", name: "get_weather" });
    expect(s.toolCalls[0]!.id).toMatch(/\S/);
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual({ location: "Boston, MA", unit: "celsius" });
    expect(s.finishReason).toBe("tool_calls");
    expect((up.requests.at(-1)!.json() as { tools: unknown }).tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "get_weather",
            description: "Current weather for a city",
            parameters: {
              type: "OBJECT",
              properties: { location: { type: "STRING" }, unit: { type: "STRING" } },
              required: ["location"],
            },
          },
        ],
      },
    ]);
  });

  it("usage: with include_usage the final chunk has no choices and carries usageMetadata's counts", async () => {
    up.handle(sse("text.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        model: "gemini-flash",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(s.usageChunks).toBe(1);
    const last = s.chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 14, total_tokens: 26 });
  });

  it("errors: RESOURCE_EXHAUSTED → 429 with RetryInfo's delay as retry-after; a bad key → 401; token limit → context_length_exceeded", async () => {
    up.handle((_req, res) => sendJson(res, 429, fixtureJson("gemini/error-429.json")));
    const limited = await client.chat.completions
      .create({ model: "gemini-flash", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as APIError).headers?.get("retry-after")).toBe("37");
    expect((limited as APIError).message).toContain("You exceeded your current quota");

    up.handle((_req, res) => sendJson(res, 400, fixtureJson("gemini/error-400-api-key.json")));
    const badKey = await client.chat.completions
      .create({ model: "gemini-flash", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(badKey).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((badKey as APIError).message).toContain("API key not valid");
    expect(JSON.stringify((badKey as APIError).error)).not.toContain(KEY);

    up.handle((_req, res) => sendJson(res, 400, fixtureJson("gemini/error-400-token-limit.json")));
    const tooLong = await client.chat.completions
      .create({ model: "gemini-flash", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooLong as APIError).code).toBe("context_length_exceeded");
  });

  it("error inside a stream: the client gets the partial text, then Google's error", async () => {
    up.handle(sse("stream-error.chunks.txt"));
    const s = await collectUntilError(
      await client.chat.completions.create({
        model: "gemini-flash",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    );
    expect(s.text).toBe("Partial answer");
    expect(s.error).toBeInstanceOf(OpenAI.APIError);
    expect((s.error as APIError).message).toContain("The model is overloaded");

    const raw = await rawStream(gw, { model: "gemini-flash", messages: [{ role: "user", content: "hi" }] });
    expect(raw.status).toBe(200);
    expect(raw.done).toBe(true);
    expect(raw.error).toMatchObject({
      type: "api_error",
      code: "UNAVAILABLE",
      message: expect.stringContaining("overloaded"),
    });
  });

  it("never logs the upstream key", () => {
    expect(gw.output()).not.toContain(KEY);
  });
});
