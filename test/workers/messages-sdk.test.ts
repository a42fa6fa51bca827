import Anthropic from "@anthropic-ai/sdk";
import { betaTool } from "@anthropic-ai/sdk/helpers/beta/json-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.js";
import { validateAnthropicStream } from "../helpers/anthropic-stream-grammar.js";
import {
  anthropicMock,
  bedrockMock,
  geminiMock,
  openAIMock,
  type ScriptedAnswer,
  type VendorMock,
} from "../helpers/messages-vendors.js";

// Acceptance: the official Anthropic SDK → the gateway (workerd) → a loopback mock speaking each vendor's
// own wire format: Claude on Anthropic and on Bedrock (native), GPT on OpenAI and Gemini (translated).
// Every vendor: text, a two-turn tool loop with parallel tool calls (the SDK's tool runner), an image,
// thinking, and forced errors; every stream is read by the SDK and checked by the grammar validator, and the
// message the SDK assembles from the stream equals the non-stream answer.
const CREDS = {
  accessKeyId: "AKIDMESSAGES4242",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYMESSAGESKEY",
  region: "us-east-1",
};
const VENDORS: VendorMock[] = [
  anthropicMock({ model: "claude-sonnet-4-5-20250929", key: "sk-ant-up-1111" }),
  openAIMock({ model: "o4-mini", key: "sk-openai-up-2222" }),
  geminiMock({ model: "gemini-2.5-flash", key: "gemini-up-3333" }),
  bedrockMock({ model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", creds: CREDS }),
];
/** Vendors whose answers carry no ids: the gateway makes them per request (message id, tool call ids). */
const MINTS_IDS = new Set(["gemini"]);

const ups = new Map<string, MockUpstream>();
let gw: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  for (const v of VENDORS) ups.set(v.name, await startMockUpstream());
  const entries = VENDORS.map((v) => v.modelEntry(ups.get(v.name)!.url)).join("");
  gw = await startGateway({
    config: configWith(entries, "router_settings:\n  num_retries: 0\n  disable_cooldowns: true\n"),
    vars: Object.assign({}, ...VENDORS.map((v) => v.vars)),
  });
  client = new Anthropic({ apiKey: MASTER_KEY, baseURL: gw.url, maxRetries: 0 });
});
afterAll(async () => {
  await gw?.stop();
  for (const up of ups.values()) await up.close();
});

const TEXT: ScriptedAnswer = { text: "Bonjour! Comment ça va? 👋", usage: { input: 21, output: 9, cacheRead: 4 } };
const TOOL_CALLS: ScriptedAnswer = {
  text: "Checking both cities.",
  tools: [
    { id: "toolu_01Paris", name: "get_weather", input: { city: "Paris", unit: "celsius" } },
    { id: "toolu_02Tokyo", name: "get_weather", input: { city: "Tokyo", unit: "celsius" } },
  ],
  usage: { input: 120, output: 40 },
};
const AFTER_TOOLS: ScriptedAnswer = { text: "Paris is sunny and so is Tokyo.", usage: { input: 180, output: 12 } };
const THINKING: ScriptedAnswer = {
  thinking: { text: "17 × 20 = 340, 17 × 3 = 51, so 391.", signature: "EqQBCgIYAhIMsigScripted" },
  text: "17 × 23 = 391.",
  usage: { input: 30, output: 50 },
};
const weatherSchema: Anthropic.Tool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" }, unit: { type: "string" } },
    required: ["city"],
  },
};
const weatherTool = (seen: string[]) =>
  betaTool({
    name: "get_weather",
    description: "Current weather for a city",
    inputSchema: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string" } },
      required: ["city"],
    },
    run: ({ city }) => {
      seen.push(city);
      return `${city}: sunny`;
    },
  });

const ask = (model: string, content: Anthropic.MessageParam["content"] = "Hello") => ({
  model,
  max_tokens: 256,
  messages: [{ role: "user" as const, content }],
});

/** The message as its JSON carries it; ids the gateway mints per request replaced by their position. */
function wire(m: object, mintsIds: boolean): Record<string, any> {
  const out = JSON.parse(JSON.stringify({ ...m, parsed_output: undefined }));
  if (mintsIds) {
    out.id = "minted";
    out.content.forEach((b: Record<string, unknown>, i: number) => {
      if (b.type === "tool_use") b.id = `minted-${i}`;
    });
  }
  return out;
}

/** The raw SSE of a streamed request, checked by the grammar validator. */
async function rawStream(body: object): Promise<ReturnType<typeof validateAnthropicStream>> {
  const res = await gw.call("/v1/messages", {
    body: { ...body, stream: true },
    headers: { "anthropic-version": "2023-06-01" },
  });
  expect(res.status).toBe(200);
  return validateAnthropicStream(await res.text());
}

function answering(v: VendorMock, pick: (req: RecordedRequest) => ScriptedAnswer): void {
  const up = ups.get(v.name)!;
  up.handle((req, res) => {
    const problem = v.problem(req);
    if (problem) throw new Error(`${v.name} mock refused the gateway's request: ${problem}`);
    return v.answer(req, res, pick(req));
  });
}

describe.each(VENDORS.map((v) => [v.name, v] as const))("%s-backed group through the Anthropic SDK", (name, v) => {
  const mints = MINTS_IDS.has(name);

  it("text: messages.create and messages.stream give the same message; the stream keeps the grammar", async () => {
    answering(v, () => TEXT);
    const created = await client.messages.create(ask(name));
    expect(created.content).toEqual([{ type: "text", text: TEXT.text }]);
    expect(created.stop_reason).toBe("end_turn");
    expect(created.usage).toMatchObject({ output_tokens: 9 });
    const final = await client.messages.stream(ask(name)).finalMessage();
    expect(wire(final, mints)).toEqual(wire(created, mints));
    expect((await rawStream(ask(name))).message.content).toEqual(created.content);
  });

  it("a two-turn tool loop with parallel tool calls, driven by the SDK's tool runner, streamed and not", async () => {
    answering(v, (req) => (v.toolResults(req).length ? AFTER_TOOLS : TOOL_CALLS));
    const first = await client.messages.create({ ...ask(name, "Weather in Paris and Tokyo?"), tools: [weatherSchema] });
    const toolUses = first.content.filter((b) => b.type === "tool_use");
    expect(toolUses.map((b) => b.input)).toEqual(TOOL_CALLS.tools!.map((t) => t.input));
    expect(first.stop_reason).toBe("tool_use");
    const streamed = await client.messages
      .stream({ ...ask(name, "Weather in Paris and Tokyo?"), tools: [weatherSchema] })
      .finalMessage();
    expect(wire(streamed, mints)).toEqual(wire(first, mints));

    for (const stream of [false, true] as const) {
      const seen: string[] = [];
      const runner = client.beta.messages.toolRunner({
        ...ask(name, "Weather in Paris and Tokyo?"),
        tools: [weatherTool(seen)],
        thread: false,
        stream,
      });
      const done = await runner.runUntilDone();
      expect(seen).toEqual(["Paris", "Tokyo"]);
      expect(done.content.at(-1)).toMatchObject({ type: "text", text: AFTER_TOOLS.text });
      const second = ups.get(name)!.requests.at(-1)!;
      const results = v.toolResults(second);
      expect(results.map((r) => r.text.includes("sunny"))).toEqual([true, true]);
      if (!mints) expect(results.map((r) => r.ref)).toEqual(["toolu_01Paris", "toolu_02Tokyo"]);
    }
  });

  it("an image (base64) reaches the vendor", async () => {
    answering(v, () => TEXT);
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const r = await client.messages.create(
      ask(name, [
        { type: "image", source: { type: "base64", media_type: "image/png", data: png } },
        { type: "text", text: "What is this?" },
      ]),
    );
    expect(r.content[0]).toMatchObject({ type: "text" });
    expect(v.image(ups.get(name)!.requests.at(-1)!)).toBe(png);
  });

  it("thinking: asked as the vendor understands it, and answered as thinking blocks where the vendor returns any", async () => {
    answering(v, () => THINKING);
    const params = {
      ...ask(name, "17 × 23?"),
      max_tokens: 4096,
      thinking: { type: "enabled" as const, budget_tokens: 2048 },
    };
    const created = await client.messages.create(params);
    const asked = v.thinking(ups.get(name)!.requests.at(-1)!);
    const final = await client.messages.stream(params).finalMessage();
    expect(wire(final, mints)).toEqual(wire(created, mints));
    expect(created.content.at(-1)).toEqual({ type: "text", text: THINKING.text });
    if (name === "anthropic" || name === "bedrock") {
      expect(asked).toEqual({ type: "enabled", budget_tokens: 2048 });
      expect(created.content[0]).toEqual({
        type: "thinking",
        thinking: THINKING.thinking!.text,
        signature: THINKING.thinking!.signature,
      });
    } else if (name === "gemini") {
      expect(asked).toMatchObject({ thinkingBudget: 2048, includeThoughts: true });
      expect(created.content[0]).toEqual({ type: "thinking", thinking: THINKING.thinking!.text, signature: "" });
    } else {
      // OpenAI's chat API takes an effort and returns no reasoning text.
      expect(asked).toEqual({ reasoning_effort: "medium", thinking: undefined });
      expect(created.content).toEqual([{ type: "text", text: THINKING.text }]);
    }
  });

  it("forced errors: an overloaded or rate-limited vendor, and a stream that breaks after it began", async () => {
    const up = ups.get(name)!;
    up.handle((_r, res) => v.fail(res, "overloaded"));
    const busy = await client.messages.create(ask(name)).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(Anthropic.APIError);
    expect((busy as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((busy as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: "error",
      error: { type: "overloaded_error" },
    });

    up.handle((_r, res) => v.fail(res, "rate_limited"));
    const limited = await client.messages.create(ask(name)).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { type: "rate_limit_error" },
    });

    up.handle((_r, res) => v.failMidStream(res, TEXT));
    const stream = client.messages.stream(ask(name));
    const texts: string[] = [];
    stream.on("text", (t) => texts.push(t));
    const broke = await stream.finalMessage().catch((e: unknown) => e);
    expect(broke).toBeInstanceOf(Anthropic.APIError);
    expect(texts.join("").length).toBeGreaterThan(0);
    const raw = await rawStream(ask(name));
    expect(raw.error?.type).toBe("error");
  });
});
