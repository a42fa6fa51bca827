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

// The official OpenAI client → the gateway (workerd) → a loopback mock speaking Ollama's native
// /api/chat (NDJSON streaming), registered as both `ollama` and `ollama_chat`.
const KEY = "ollama-proxy-secret-4242";
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

const ndjson = (file: string, pieceSize?: number) => (_req: unknown, res: Parameters<typeof sendRaw>[0]) =>
  sendRaw(res, { contentType: "application/x-ndjson", body: fixtureText(`ollama/${file}`), pieceSize });

beforeAll(async () => {
  up = await startMockUpstream();
  gw = await startGateway({
    config: providerConfig(`
  - model_name: llama
    litellm_params: { model: ollama/llama3.2, api_base: ${up.url} }
  - model_name: qwen
    litellm_params: { model: "ollama_chat/qwen3:8b", api_base: ${up.url}, api_key: os.environ/OLLAMA_PROXY_KEY }`),
    vars: { OLLAMA_PROXY_KEY: KEY },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const ask = (model = "llama", content = "hi") => ({ model, messages: [{ role: "user" as const, content }] });

describe("ollama through the gateway", () => {
  it("text: POST /api/chat with stream false and sampling in options; eval counts become usage", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("ollama/text.response.json")));
    const r = await client.chat.completions.create({
      model: "llama",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Why is the sky blue?" },
      ],
      max_tokens: 100,
      temperature: 0.3,
    });
    expect(r.choices[0]!.message).toMatchObject({
      role: "assistant",
      content: "The sky is blue because of Rayleigh scattering.",
    });
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 26, completion_tokens: 12, total_tokens: 38 });

    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/api/chat");
    expect(sent.headers.authorization).toBeUndefined(); // no key configured for this deployment
    expect(sent.json()).toEqual({
      model: "llama3.2",
      stream: false,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Why is the sky blue?" },
      ],
      options: { temperature: 0.3, num_predict: 100 },
    });
  });

  it("stream text (upstream bytes cut every 5 bytes): NDJSON lines become chunks in order, role first, finish stop, no usage unless asked", async () => {
    up.handle(ndjson("text.chunks.txt", 5));
    const s = await collectStream(await client.chat.completions.create({ ...ask(), stream: true }));
    expect(up.requests.at(-1)!.json()).toMatchObject({ model: "llama3.2", stream: true });
    expect(s.text).toBe("Hello, wörld ✓!");
    expect(s.firstRole).toBe("assistant");
    expect(s.finishReason).toBe("stop");
    expect(s.usageChunks).toBe(0);
  });

  it("tool call: an OpenAI tool conversation goes out as Ollama's body (with the proxy key); tool_calls come back", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("ollama/tool-call.response.json")));
    const request = { ...fixtureJson<Record<string, unknown>>("ollama/tool-conversation.openai.json"), model: "qwen" };
    const r = await client.chat.completions.create(request as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const sent = up.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.json()).toEqual(fixtureJson("ollama/tool-conversation.ollama.json"));

    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    const call = r.choices[0]!.message.tool_calls![0]!;
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(call.id).toMatch(/\S/);
    expect(JSON.parse(call.type === "function" ? call.function.arguments : "")).toEqual({
      city: "Toronto",
      unit: "celsius",
    });
  });

  it("tool call streamed: the whole call arrives as deltas whose arguments parse to the call's object", async () => {
    up.handle(ndjson("tool-call.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        ...ask("qwen", "Weather in Toronto?"),
        tools: [WEATHER_TOOL],
        stream: true,
      }),
    );
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]).toMatchObject({ index: 0, type: "function", name: "get_weather" });
    expect(s.toolCalls[0]!.id).toMatch(/\S/);
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual({ city: "Toronto", unit: "celsius" });
    expect(s.finishReason).toBe("tool_calls");
    expect(up.requests.at(-1)!.json()).toMatchObject({ model: "qwen3:8b", stream: true, tools: [WEATHER_TOOL] });
  });

  it("usage: with include_usage the final chunk has no choices and carries the eval counts", async () => {
    up.handle(ndjson("text.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({ ...ask(), stream: true, stream_options: { include_usage: true } }),
    );
    expect(s.usageChunks).toBe(1);
    expect(s.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 26, completion_tokens: 4, total_tokens: 30 },
    });
  });

  it("errors: a missing model → 404, 429 → 429 with retry-after, out of memory → 500, with Ollama's message", async () => {
    up.handle((_req, res) => sendJson(res, 404, fixtureJson("ollama/error-404.json")));
    const missing = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as APIError).message).toContain("model 'llama9' not found");

    up.handle((_req, res) => sendJson(res, 429, fixtureJson("ollama/error-429.json"), { "retry-after": "30" }));
    const limited = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as APIError).headers?.get("retry-after")).toBe("30");
    expect((limited as APIError).message).toContain("hourly usage limit");

    up.handle((_req, res) => sendJson(res, 500, fixtureJson("ollama/error-500.json")));
    const oom = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(oom).toBeInstanceOf(OpenAI.InternalServerError);
    expect((oom as APIError).status).toBe(500);
    expect((oom as APIError).message).toContain("more system memory");
  });

  it("error inside a stream: the client gets the partial text, then the error line's message", async () => {
    up.handle(ndjson("stream-error.chunks.txt"));
    const s = await collectUntilError(await client.chat.completions.create({ ...ask(), stream: true }));
    expect(s.text).toBe("Partial");
    expect(s.error).toBeInstanceOf(OpenAI.APIError);
    expect((s.error as APIError).message).toContain("unexpected EOF");

    const raw = await rawStream(gw, ask());
    expect(raw.status).toBe(200);
    expect(raw.done).toBe(true);
    expect(raw.error).toMatchObject({ type: "api_error", message: expect.stringContaining("ollama error") });
  });

  it("never logs the proxy key", () => {
    expect(gw.output()).not.toContain(KEY);
  });
});
