import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type OpenAI from "openai";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../helpers/fixtures.js";
import { gatewayClient, providerConfig, sendRaw } from "../helpers/provider-calls.js";

// The official OpenAI client → the gateway (workerd) → a loopback mock of OpenAI's (and Azure's v1)
// Responses API. The native path: the request goes up with only the model id and the credentials
// changed, and the answer comes back as the upstream sent it.
const OPENAI_KEY = "sk-openai-upstream-secret-1234";
const AZURE_KEY = "azure-upstream-secret-5678";
let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;

type Json = Record<string, unknown>;
const fixture = (name: string) => fixtureJson<Json>(`openai/responses-${name}.response.json`);
const answer = (name: string) => (_req: unknown, res: Parameters<typeof sendJson>[0]) =>
  sendJson(res, 200, fixture(name));
const IMAGE =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BAAQAFAgH/0GQYGQAAAABJRU5ErkJggg==";

beforeAll(async () => {
  up = await startMockUpstream();
  gw = await startGateway({
    config: providerConfig(`
  - model_name: gpt
    litellm_params: { model: openai/gpt-4.1, api_key: os.environ/OPENAI_KEY, api_base: ${up.url}/v1 }
  - model_name: azure-gpt
    litellm_params: { model: azure/my-gpt-deployment, api_key: os.environ/AZURE_KEY, api_base: ${up.url} }`),
    vars: { OPENAI_KEY, AZURE_KEY },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("Responses API on an OpenAI deployment (native)", () => {
  it("responses.create: the request goes up with the vendor's model id and key, gateway fields removed; the answer comes back as sent", async () => {
    up.handle(answer("text"));
    const { data, response } = await client.responses
      .create({
        model: "gpt",
        instructions: "Be brief.",
        input: "Hello",
        temperature: 0.5,
        metadata: { ticket: "42" },
        // @ts-expect-error: a gateway field
        num_retries: 0,
        tags: ["native"],
      })
      .withResponse();
    expect(data.output_text).toBe("Hello! How can I help you today?");
    const { output_text: _derived, ...rest } = data;
    expect(rest).toEqual(fixture("text"));
    expect(response.headers.get("x-switchyard-model-group")).toBe("gpt");
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0);

    const sent = up.requests.at(-1)!;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe("/v1/responses");
    expect(sent.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(sent.json()).toEqual({
      model: "gpt-4.1",
      instructions: "Be brief.",
      input: "Hello",
      temperature: 0.5,
      metadata: { ticket: "42" },
    });
  });

  it("stream: the upstream's events pass through byte for byte; the SDK's responses.stream assembles the final response", async () => {
    const events = fixtureText("openai/responses-text.events.txt");
    up.handle((_req, res) => sendRaw(res, { contentType: "text/event-stream", body: events, pieceSize: 97 }));
    const stream = client.responses.stream({ model: "gpt", input: "Hello" });
    const deltas: string[] = [];
    stream.on("response.output_text.delta", (e) => deltas.push(e.delta));
    const final = await stream.finalResponse();
    expect(deltas.join("")).toBe("Hello! How can I help you today?");
    expect(final.id).toBe(fixture("text").id);
    expect(final.output).toMatchObject(fixture("text").output as object[]);
    expect(final.usage?.total_tokens).toBe(22);
    expect((up.requests.at(-1)!.json() as Json).stream).toBe(true);

    const raw = await gw.call("/v1/responses", { body: { model: "gpt", input: "Hello", stream: true } });
    expect(raw.headers.get("content-type")).toContain("text/event-stream");
    expect(await raw.text()).toBe(events);
  });

  it("a function-tool loop over two turns: previous_response_id goes up as it is to the deployment that holds it", async () => {
    up.handle(answer("function-call"));
    const tools: OpenAI.Responses.FunctionTool[] = [
      {
        type: "function",
        name: "get_weather",
        description: "Current weather for a city",
        parameters: {
          type: "object",
          properties: { location: { type: "string" } },
          required: ["location"],
          additionalProperties: false,
        },
        strict: true,
      },
    ];
    const first = await client.responses.create({ model: "gpt", input: "Weather in Paris?", tools });
    const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", arguments: '{"location":"Paris"}' });

    up.handle(answer("after-function-call"));
    const second = await client.responses.create({
      model: "gpt",
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: '{"temp_c":18,"sky":"sunny"}' }],
      tools,
    });
    expect(second.output_text).toBe("It is 18°C and sunny in Paris.");
    expect(up.requests.at(-1)!.json()).toMatchObject({
      model: "gpt-4.1",
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: '{"temp_c":18,"sky":"sunny"}' }],
    });
  });

  it("structured output with a JSON schema: text.format goes up as it is", async () => {
    up.handle(answer("json-schema"));
    const format = {
      type: "json_schema" as const,
      name: "person",
      strict: true,
      schema: {
        type: "object",
        properties: { name: { type: "string" }, born: { type: "integer" } },
        required: ["name", "born"],
        additionalProperties: false,
      },
    };
    const r = await client.responses.create({ model: "gpt", input: "Who wrote the first program?", text: { format } });
    expect(JSON.parse(r.output_text)).toEqual({ name: "Ada Lovelace", born: 1815 });
    expect((up.requests.at(-1)!.json() as Json).text).toEqual({ format });
  });

  it("reasoning: effort and summary go up; the reasoning item with its summary and encrypted content comes back", async () => {
    up.handle(answer("reasoning"));
    const r = await client.responses.create({
      model: "gpt",
      input: "What is 17 × 23?",
      reasoning: { effort: "low", summary: "detailed" },
      include: ["reasoning.encrypted_content"],
    });
    expect(r.output[0]).toMatchObject({
      type: "reasoning",
      encrypted_content: "gAAAAABor_wNexampleEncryptedReasoningContent==",
      summary: [{ type: "summary_text", text: expect.stringContaining("391") }],
    });
    expect(r.output_text).toBe("17 × 23 = 391.");
    expect(r.usage?.output_tokens_details.reasoning_tokens).toBe(128);
    expect(up.requests.at(-1)!.json()).toMatchObject({
      reasoning: { effort: "low", summary: "detailed" },
      include: ["reasoning.encrypted_content"],
    });
  });

  it("an image input goes up as the client sent it (a message in the short form gets its type)", async () => {
    up.handle(answer("image"));
    const input: OpenAI.Responses.ResponseInput = [
      {
        role: "user",
        content: [
          { type: "input_text", text: "What is in this image?" },
          { type: "input_image", image_url: IMAGE, detail: "low" },
        ],
      },
    ];
    const r = await client.responses.create({ model: "gpt", input });
    expect(r.output_text).toBe("A red square on a white background.");
    expect((up.requests.at(-1)!.json() as Json).input).toEqual([{ type: "message", ...input[0] }]);
  });

  it("OpenAI's hosted tools pass through to a native deployment", async () => {
    up.handle(answer("text"));
    await client.responses.create({ model: "gpt", input: "News today?", tools: [{ type: "web_search" }] });
    expect((up.requests.at(-1)!.json() as Json).tools).toEqual([{ type: "web_search" }]);
  });

  it("an upstream error reaches the client in OpenAI's shape with its status, the upstream key scrubbed", async () => {
    up.handle((_req, res) =>
      sendJson(res, 400, {
        error: {
          message: `Invalid 'input[0].content': bad part (key ${OPENAI_KEY}).`,
          type: "invalid_request_error",
          param: "input[0].content",
          code: "invalid_value",
        },
      }),
    );
    const res = await gw.call("/v1/responses", { body: { model: "gpt", input: "x" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("Invalid 'input[0].content'");
    expect(body.error.message).not.toContain(OPENAI_KEY);
  });
});

describe("Responses API on an Azure deployment (native, the v1 route)", () => {
  it("goes to {api_base}/openai/v1/responses with api-key and the Azure deployment name as the model", async () => {
    up.handle(answer("text"));
    const r = await client.responses.create({ model: "azure-gpt", input: "Hello" });
    expect(r.output_text).toBe("Hello! How can I help you today?");
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/openai/v1/responses");
    expect(sent.headers["api-key"]).toBe(AZURE_KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect((sent.json() as Json).model).toBe("my-gpt-deployment");
  });
});

describe("background responses on a native deployment", () => {
  it("retrieve reads a running background response from its deployment; cancel cancels it there", async () => {
    const queued = { ...fixture("text"), id: "resp_bg_1", status: "queued", background: true, output: [], usage: null };
    up.handle((req, res) => {
      if (req.method === "POST" && req.path === "/v1/responses") return sendJson(res, 200, queued);
      if (req.method === "GET" && req.path === "/v1/responses/resp_bg_1")
        return sendJson(res, 200, { ...queued, status: "in_progress" });
      if (req.method === "POST" && req.path === "/v1/responses/resp_bg_1/cancel")
        return sendJson(res, 200, { ...queued, status: "cancelled" });
      sendJson(res, 404, { error: { message: "no such route", type: "invalid_request_error" } });
    });
    const created = await client.responses.create({ model: "gpt", input: "A long task", background: true });
    expect(created.status).toBe("queued");
    const running = await client.responses.retrieve("resp_bg_1");
    expect(running.status).toBe("in_progress");
    expect(up.requests.at(-1)!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    const cancelled = await client.responses.cancel("resp_bg_1");
    expect(cancelled.status).toBe("cancelled");
    expect(up.requests.at(-1)!.path).toBe("/v1/responses/resp_bg_1/cancel");
    // the stored copy follows the upstream: a finished response is answered from the store
    const before = up.requests.length;
    expect((await client.responses.retrieve("resp_bg_1")).status).toBe("cancelled");
    expect(up.requests.length).toBe(before);
  });

  it("a response that is not a native background one cannot be cancelled: a 400 naming why", async () => {
    up.handle(answer("image"));
    const r = await client.responses.create({ model: "gpt", input: "hi" });
    const res = await gw.call(`/v1/responses/${r.id}/cancel`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_cancellable");
  });
});
