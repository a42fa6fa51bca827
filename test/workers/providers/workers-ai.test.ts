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

// The official OpenAI client → the gateway (workerd) → a loopback mock of Workers AI's REST
// OpenAI-compatible endpoint on an account. The AI binding transport has no local Miniflare
// implementation; it stays covered by the unit tests (test/unit/providers/workers-ai/binding.test.ts).
const TOKEN = "cf-api-token-upstream-secret-4242";
const MODEL = "@cf/meta/llama-3.1-8b-instruct";
const PATH = "/client/v4/accounts/acc-0123/ai/v1/chat/completions";
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

const sse = (body: string, pieceSize?: number) => (_req: unknown, res: Parameters<typeof sendRaw>[0]) =>
  sendRaw(res, { contentType: "text/event-stream", body, pieceSize });

/** The REST endpoint's completion, carrying one tool call instead of text (OpenAI shape). */
function toolCallCompletion(): Record<string, unknown> {
  const base = fixtureJson<{ choices: Array<Record<string, unknown>> } & Record<string, unknown>>(
    "workers_ai/rest-text.response.json",
  );
  const call = {
    id: "chatcmpl-tool-7f3a",
    type: "function",
    function: { name: "get_weather", arguments: '{"location":"Lisbon","unit":"celsius"}' },
  };
  return {
    ...base,
    choices: [
      {
        ...base.choices[0],
        message: { role: "assistant", content: null, tool_calls: [call] },
        finish_reason: "tool_calls",
      },
    ],
  };
}

beforeAll(async () => {
  up = await startMockUpstream();
  gw = await startGateway({
    config: providerConfig(`
  - model_name: llama-cf
    litellm_params: { model: "workers_ai/${MODEL}", api_key: os.environ/CF_TOKEN, api_base: "${up.url}/client/v4/accounts/acc-0123" }`),
    vars: { CF_TOKEN: TOKEN },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const ask = (content = "hi") => ({ model: "llama-cf", messages: [{ role: "user" as const, content }] });

describe("workers_ai (REST) through the gateway", () => {
  it("text: POST {account}/ai/v1/chat/completions with the API token as Bearer, OpenAI body with the @cf model", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("workers_ai/rest-text.response.json")));
    const { data: r, response } = await client.chat.completions
      .create({
        model: "llama-cf",
        messages: [
          { role: "system", content: "You are a robot." },
          { role: "user", content: "Make robot noises" },
        ],
        max_tokens: 100,
        temperature: 0.3,
      })
      .withResponse();
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0); // priced by the vendor model id
    expect(r.choices[0]!.message).toMatchObject({ role: "assistant", content: "Beep boop, robot noises!" });
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 18, completion_tokens: 7, total_tokens: 25 });

    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe(PATH);
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.json()).toMatchObject({
      model: MODEL,
      messages: [
        { role: "system", content: "You are a robot." },
        { role: "user", content: "Make robot noises" },
      ],
      max_tokens: 100,
      temperature: 0.3,
    });
  });

  it("stream text (upstream bytes cut every 5 bytes): asks for usage upstream; the client gets the text, role first, finish stop, no usage unless asked", async () => {
    up.handle(sse(fixtureText("workers_ai/rest-text.chunks.txt"), 5));
    const s = await collectStream(await client.chat.completions.create({ ...ask(), stream: true }));
    expect(up.requests.at(-1)!.json()).toMatchObject({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(s.text).toBe("Beep böop ✓");
    expect(s.firstRole).toBe("assistant");
    expect(s.finishReason).toBe("stop");
    expect(s.usageChunks).toBe(0);
  });

  it("tool call: tools go out in OpenAI shape; the tool call comes back with arguments that parse", async () => {
    up.handle((_req, res) => sendJson(res, 200, toolCallCompletion()));
    const r = await client.chat.completions.create({
      ...ask("Weather in Lisbon?"),
      tools: [WEATHER_TOOL],
      tool_choice: "auto",
    });
    expect(up.requests.at(-1)!.json()).toMatchObject({ tools: [WEATHER_TOOL], tool_choice: "auto" });
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    const call = r.choices[0]!.message.tool_calls![0]!;
    expect(call).toMatchObject({ id: "chatcmpl-tool-7f3a", type: "function", function: { name: "get_weather" } });
    expect(JSON.parse(call.type === "function" ? call.function.arguments : "")).toEqual({
      location: "Lisbon",
      unit: "celsius",
    });
  });

  it("tool call streamed: argument deltas assemble into the call's JSON", async () => {
    up.handle(sse(fixtureText("openai/tool-call.stream.chunks.txt")));
    const s = await collectStream(
      await client.chat.completions.create({ ...ask("Weather in Paris?"), tools: [WEATHER_TOOL], stream: true }),
    );
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]).toMatchObject({ index: 0, id: "call_abc", type: "function", name: "get_weather" });
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual({ city: "Paris" });
    expect(s.finishReason).toBe("tool_calls");
  });

  it("usage: with include_usage the final chunk has no choices and carries the upstream usage", async () => {
    up.handle(sse(fixtureText("workers_ai/rest-text.chunks.txt")));
    const s = await collectStream(
      await client.chat.completions.create({ ...ask(), stream: true, stream_options: { include_usage: true } }),
    );
    expect(s.usageChunks).toBe(1);
    expect(s.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 18, completion_tokens: 3, total_tokens: 21 },
    });
  });

  it("errors: neuron allocation used up (3036) → 429, no such model (5007) → 404, bad token → 401", async () => {
    up.handle((_req, res) => sendJson(res, 429, fixtureJson("workers_ai/error-429.json"), { "retry-after": "60" }));
    const limited = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as APIError).headers?.get("retry-after")).toBe("60");
    expect((limited as APIError).message).toContain("daily free allocation of 10,000 neurons");

    up.handle((_req, res) => sendJson(res, 400, fixtureJson("workers_ai/error-400-no-such-model.json")));
    const missing = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as APIError).code).toBe("model_not_found");
    expect((missing as APIError).message).toContain("No such model @cf/meta/llama-9");

    up.handle((_req, res) => sendJson(res, 401, fixtureJson("workers_ai/error-401.json")));
    const auth = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(JSON.stringify((auth as APIError).error)).not.toContain(TOKEN);
  });

  it("error inside a stream: the client gets the partial text, then the capacity error", async () => {
    const frames = fixtureText("workers_ai/rest-text.chunks.txt").split("\n\n").slice(0, 2);
    const errorFrame = fixtureText("workers_ai/stream-error.chunks.txt").split("\n\n")[1]!;
    up.handle(sse(`${frames.join("\n\n")}\n\n${errorFrame}\n\n`));
    const s = await collectUntilError(await client.chat.completions.create({ ...ask(), stream: true }));
    expect(s.text).toBe("Beep");
    expect(s.error).toBeInstanceOf(OpenAI.APIError);
    expect((s.error as APIError).message).toContain("Capacity temporarily exceeded");

    const raw = await rawStream(gw, ask());
    expect(raw.status).toBe(200);
    expect(raw.done).toBe(true);
    expect(raw.error).toMatchObject({ type: "rate_limit_error", code: "3040" });
  });

  it("never logs the API token", () => {
    expect(gw.output()).not.toContain(TOKEN);
  });
});
