import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type OpenAI from "openai";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { type MockHandler, sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../helpers/fixtures.js";
import { encodeFixture } from "../helpers/event-stream.js";
import { gatewayClient, providerConfig, sendRaw } from "../helpers/provider-calls.js";
import { sigV4Problem } from "../helpers/sigv4-check.js";
import { expectValidResponseStream } from "../helpers/responses-event-grammar.js";
import {
  type Json,
  PERSON_FORMAT,
  PNG_DATA,
  PNG_URL,
  rawResponsesStream,
  WEATHER,
} from "../helpers/responses-calls.js";

// The official OpenAI client's Responses API → the gateway (workerd) → loopback mocks speaking
// Anthropic's Messages API, the Gemini API and Bedrock's Converse API (the Bedrock mock recomputes every
// request's SigV4 signature and refuses a wrong one as Bedrock does). The translated path: a Responses
// request becomes the vendor's request through the chat adapters, and the answer becomes a Response.
const AWS = {
  accessKeyId: "AKIDRESPONSES4242",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+responsesKEY",
  region: "us-east-1",
};
const BEDROCK_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const BEDROCK_PATH = `/model/${encodeURIComponent(BEDROCK_MODEL)}`;

let gw: TestGateway;
let client: OpenAI;
const ups: Record<string, MockUpstream> = {};

type Kind = "text" | "tool-call" | "json-mode" | "thinking";

/** One vendor: its group, how its mock answers, and where its wire format puts each Responses field. */
interface Vendor {
  name: string;
  group: string;
  /** Where the vendor is called for an answer and for a stream. */
  paths: { answer: string; stream: string };
  answer(kind: Kind): MockHandler;
  stream(): MockHandler;
  /** The text of `answer("text")`, of `stream()`, and of the answer after thinking. */
  text: string;
  streamed: string;
  thought: { answer: string; summary: string };
  call: { name: string; arguments: Json };
  /** The upstream body's instructions, user text and output cap. */
  basics(body: Json): void;
  /** The second turn of a tool loop carried the call and its result. */
  toolHistory(body: Json, callId: string, output: string): void;
  jsonMode(body: Json): void;
  thinking(body: Json): void;
  image(body: Json): void;
}

const json = (file: string) => (_req: unknown, res: http.ServerResponse) => sendJson(res, 200, fixtureJson(file));
const sse = (file: string) => (_req: unknown, res: http.ServerResponse) =>
  sendRaw(res, { contentType: "text/event-stream", body: fixtureText(file), pieceSize: 23 });
/** Bedrock answers only a request whose signature checks out. */
const signed =
  (answer: MockHandler): MockHandler =>
  (req, res) => {
    const problem = sigV4Problem(req, AWS);
    if (problem)
      return sendJson(res, 403, { message: `The request signature we calculated does not match (${problem})` });
    return answer(req, res);
  };

const VENDORS: Vendor[] = [
  {
    name: "anthropic",
    group: "claude",
    paths: { answer: "/v1/messages", stream: "/v1/messages" },
    answer: (kind) => json(`anthropic/${kind}.response.json`),
    stream: () => sse("anthropic/text.chunks.txt"),
    text: "Hello! How can I help you today?",
    streamed: "Hello, world — ünïcode ✓!",
    thought: { answer: "27 × 453 = 12,231.", summary: "27 * 453 = 12231." },
    call: { name: "get_weather", arguments: { location: "San Francisco, CA", unit: "celsius" } },
    basics(b) {
      expect(b.system).toEqual([{ type: "text", text: "Be brief." }]);
      expect(b.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Hello" }] }]);
      expect(b.max_tokens).toBe(200);
    },
    toolHistory(b, callId, output) {
      expect(b.messages[1]).toMatchObject({
        role: "assistant",
        content: expect.arrayContaining([
          expect.objectContaining({ type: "tool_use", id: callId, name: "get_weather" }),
        ]),
      });
      expect(b.messages[2]).toMatchObject({
        role: "user",
        content: [expect.objectContaining({ type: "tool_result", tool_use_id: callId })],
      });
      expect(JSON.stringify(b.messages[2])).toContain(JSON.stringify(output).slice(1, -1));
    },
    jsonMode(b) {
      expect(b.tools).toEqual([
        expect.objectContaining({ name: "json_tool_call", input_schema: PERSON_FORMAT.schema }),
      ]);
      expect(b.tool_choice).toMatchObject({ type: "tool", name: "json_tool_call" });
    },
    thinking(b) {
      expect(b.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    },
    image(b) {
      expect(b.messages[0].content).toContainEqual({
        type: "image",
        source: { type: "base64", media_type: "image/png", data: PNG_DATA },
      });
    },
  },
  {
    name: "gemini",
    group: "gemini",
    paths: {
      answer: "/v1beta/models/gemini-2.5-flash:generateContent",
      stream: "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    },
    answer: (kind) => json(`gemini/${kind}.response.json`),
    stream: () => sse("gemini/text.chunks.txt"),
    text: "Hello! Grüße aus Zürich — how can I help? ✓",
    streamed: "Hello! Grüße aus Zürich — how can I help? ✓",
    thought: { answer: "17 × 23 = **391**.", summary: "17 × 20 = 340" },
    call: { name: "get_weather", arguments: { location: "Boston, MA", unit: "celsius" } },
    basics(b) {
      expect(b.systemInstruction).toEqual({ parts: [{ text: "Be brief." }] });
      expect(b.contents).toEqual([{ role: "user", parts: [{ text: "Hello" }] }]);
      expect(b.generationConfig.maxOutputTokens).toBe(200);
    },
    toolHistory(b) {
      expect(b.contents[1]).toMatchObject({
        role: "model",
        parts: expect.arrayContaining([
          expect.objectContaining({ functionCall: expect.objectContaining({ name: "get_weather" }) }),
        ]),
      });
      expect(b.contents[2].parts[0].functionResponse).toMatchObject({ name: "get_weather" });
      expect(JSON.stringify(b.contents[2])).toContain("18");
    },
    jsonMode(b) {
      expect(b.generationConfig.responseMimeType).toBe("application/json");
      expect(b.generationConfig.responseSchema).toMatchObject({ type: expect.stringMatching(/object/i) });
    },
    thinking(b) {
      expect(b.generationConfig.thinkingConfig).toMatchObject({ includeThoughts: true });
    },
    image(b) {
      expect(b.contents[0].parts).toContainEqual({ inlineData: { mimeType: "image/png", data: PNG_DATA } });
    },
  },
  {
    name: "bedrock",
    group: "bedrock-claude",
    paths: { answer: `${BEDROCK_PATH}/converse`, stream: `${BEDROCK_PATH}/converse-stream` },
    answer: (kind) => signed(json(`bedrock/${kind}.response.json`)),
    stream: () =>
      signed((_req, res) =>
        sendRaw(res, {
          contentType: "application/vnd.amazon.eventstream",
          body: encodeFixture(fixtureJson("bedrock/text.events.json")),
          pieceSize: 31,
        }),
      ),
    text: "Hello! How can I help you today?",
    streamed: "Hello, wörld — ünïcode ✓!",
    thought: { answer: "2 + 2 = 4.", summary: "That is 4." },
    call: { name: "get_weather", arguments: { location: "Paris, France", unit: "celsius" } },
    basics(b) {
      expect(b.system).toEqual([{ text: "Be brief." }]);
      expect(b.messages).toEqual([{ role: "user", content: [{ text: "Hello" }] }]);
      expect(b.inferenceConfig.maxTokens).toBe(200);
    },
    toolHistory(b, callId) {
      expect(b.messages[1].content).toContainEqual(
        expect.objectContaining({ toolUse: expect.objectContaining({ toolUseId: callId, name: "get_weather" }) }),
      );
      expect(b.messages[2].content[0].toolResult).toMatchObject({ toolUseId: callId });
      expect(JSON.stringify(b.messages[2])).toContain("18");
    },
    jsonMode(b) {
      expect(b.toolConfig.tools).toEqual([
        { toolSpec: expect.objectContaining({ name: "json_tool_call", inputSchema: { json: PERSON_FORMAT.schema } }) },
      ]);
    },
    thinking(b) {
      expect(b.additionalModelRequestFields).toMatchObject({ thinking: { type: "enabled" } });
    },
    image(b) {
      const part = (b.messages[0].content as Json[]).find((p) => p.image);
      expect(part?.image).toMatchObject({ format: "png", source: { bytes: PNG_DATA } });
    },
  },
];

beforeAll(async () => {
  for (const v of VENDORS) ups[v.name] = await startMockUpstream();
  gw = await startGateway({
    config: providerConfig(`
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5-20250929, api_key: sk-ant-upstream, api_base: ${ups.anthropic!.url} }
  - model_name: gemini
    litellm_params: { model: gemini/gemini-2.5-flash, api_key: AIza-upstream, api_base: ${ups.gemini!.url} }
  - model_name: bedrock-claude
    litellm_params: { model: "bedrock/${BEDROCK_MODEL}", aws_access_key_id: ${AWS.accessKeyId}, aws_secret_access_key: os.environ/AWS_SECRET, aws_region_name: ${AWS.region}, api_base: ${ups.bedrock!.url} }`),
    vars: { AWS_SECRET: AWS.secretAccessKey },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  for (const up of Object.values(ups)) await up.close();
});

const lastBody = (v: Vendor): Json => ups[v.name]!.requests.at(-1)!.json() as Json;

describe.each(VENDORS)("Responses API translated for $name", (v) => {
  const up = () => ups[v.name]!;

  it("responses.create: instructions, input and max_output_tokens in the vendor's request; a Response back", async () => {
    up().handle(v.answer("text"));
    const { data: r, response } = await client.responses
      .create({ model: v.group, instructions: "Be brief.", input: "Hello", max_output_tokens: 200 })
      .withResponse();
    expect(r).toMatchObject({ object: "response", status: "completed", model: v.group, instructions: "Be brief." });
    expect(r.output_text).toBe(v.text);
    expect(r.output).toEqual([expect.objectContaining({ type: "message", role: "assistant", status: "completed" })]);
    expect(r.usage!.input_tokens).toBeGreaterThan(0);
    expect(r.usage!.total_tokens).toBe(r.usage!.input_tokens + r.usage!.output_tokens);
    expect(response.headers.get("x-switchyard-model-group")).toBe(v.group);
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0);
    v.basics(lastBody(v));
    expect(up().requests.at(-1)!.path).toBe(v.paths.answer);
  });

  it("stream: OpenAI's event grammar, and the SDK's responses.stream assembles the final response", async () => {
    up().handle(v.stream());
    const stream = client.responses.stream({ model: v.group, input: "Hello" });
    let deltas = "";
    stream.on("response.output_text.delta", (e) => {
      deltas += e.delta;
    });
    const final = await stream.finalResponse();
    expect(deltas).toBe(v.streamed);
    expect(final.status).toBe("completed");
    expect(final.output).toEqual([
      expect.objectContaining({
        type: "message",
        content: [expect.objectContaining({ type: "output_text", text: v.streamed })],
      }),
    ]);
    expect(final.usage!.output_tokens).toBeGreaterThan(0);
    expect(up().requests.at(-1)!.path).toBe(v.paths.stream);

    up().handle(v.stream());
    const raw = await rawResponsesStream(gw, { model: v.group, input: "Hello" });
    expect(raw.contentType).toContain("text/event-stream");
    expectValidResponseStream(raw.events);
    expect(raw.events.at(-1)!.type).toBe("response.completed");
  });

  it("a function-tool loop over two turns with previous_response_id: the stored turn goes back to the vendor", async () => {
    up().handle(v.answer("tool-call"));
    const first = await client.responses.create({ model: v.group, input: "What is the weather?", tools: [WEATHER] });
    const call = first.output.find((o) => o.type === "function_call") as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: "function_call", name: v.call.name, status: "completed" });
    expect(JSON.parse(call.arguments)).toEqual(v.call.arguments);
    expect(first.status).toBe("completed");

    up().handle(v.answer("text"));
    const output = '{"temp_c":18,"sky":"sunny"}';
    const second = await client.responses.create({
      model: v.group,
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output }],
      tools: [WEATHER],
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe(v.text);
    const body = lastBody(v);
    v.toolHistory(body, call.call_id, output);
  });

  it("structured output with a JSON schema: the vendor's JSON mode, the JSON as output_text", async () => {
    up().handle(v.answer("json-mode"));
    const r = await client.responses.create({
      model: v.group,
      input: "Who wrote the first program?",
      text: { format: PERSON_FORMAT },
    });
    expect(JSON.parse(r.output_text)).toMatchObject({ name: "Ada Lovelace", born: 1815 });
    expect(r.text?.format).toMatchObject({ type: "json_schema", name: "person" });
    v.jsonMode(lastBody(v));
  });

  it("reasoning: effort becomes the vendor's thinking; its text comes back as the reasoning item's summary", async () => {
    up().handle(v.answer("thinking"));
    const r = await client.responses.create({
      model: v.group,
      input: "Compute it.",
      reasoning: { effort: "low", summary: "auto" },
    });
    const reasoning = r.output.find((o) => o.type === "reasoning") as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.summary[0]!.text).toContain(v.thought.summary);
    expect(r.output.findIndex((o) => o.type === "reasoning")).toBe(0);
    expect(r.output_text).toBe(v.thought.answer);
    expect(r.reasoning).toMatchObject({ effort: "low", summary: "auto" });
    v.thinking(lastBody(v));
  });

  it("an image input becomes the vendor's image part", async () => {
    up().handle(v.answer("text"));
    const r = await client.responses.create({
      model: v.group,
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "What is in this image?" },
            { type: "input_image", image_url: PNG_URL, detail: "auto" },
          ],
        },
      ],
    });
    expect(r.output_text).toBe(v.text);
    v.image(lastBody(v));
  });

  it("OpenAI's hosted tools are refused with a 400 naming the tool, before any upstream call", async () => {
    const before = up().requests.length;
    const res = await gw.call("/v1/responses", {
      body: { model: v.group, input: "news?", tools: [WEATHER, { type: "web_search" }] },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; param: string; code: string; type: string } };
    expect(error).toMatchObject({ type: "invalid_request_error", code: "unsupported_tool", param: "tools[1]" });
    expect(error.message).toContain("web_search");
    expect(up().requests.length).toBe(before);
  });
});
