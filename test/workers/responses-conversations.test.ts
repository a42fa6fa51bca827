import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { type MockHandler, sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../helpers/fixtures.js";
import { admin, eventually, micros, newKey } from "../helpers/keys.js";
import { sendRaw } from "../helpers/provider-calls.js";
import { type Json, rawResponsesStream, WEATHER } from "../helpers/responses-calls.js";

// Stored conversations on the built worker with its D1 and R2: retrieve, delete and input items on
// stored responses, a conversation that moves between vendors, team scoping (another team's key gets
// 404), store: false, fallbacks, budgets and spend records on /v1/responses.
let claude: MockUpstream;
let gpt: MockUpstream;
let gemini: MockUpstream;
let gw: TestGateway;

const json = (file: string) => (_req: unknown, res: http.ServerResponse) => sendJson(res, 200, fixtureJson(file));
const fails = (_req: unknown, res: http.ServerResponse) =>
  sendJson(res, 500, { error: { message: "upstream is down", type: "server_error" } });
/** OpenAI's Responses API: the recorded answer, or its event stream; /down/ always fails. */
const openai: MockHandler = (req, res) => {
  if (req.path.startsWith("/down/")) return fails(req, res);
  if ((req.json() as Json).stream)
    return sendRaw(res, { contentType: "text/event-stream", body: fixtureText("openai/responses-text.events.txt") });
  return sendJson(res, 200, fixtureJson("openai/responses-text.response.json"));
};

beforeAll(async () => {
  claude = await startMockUpstream(json("anthropic/text.response.json"));
  gpt = await startMockUpstream(openai);
  gemini = await startMockUpstream(json("gemini/text.response.json"));
  gw = await startGateway({
    config: configWith(
      `
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5-20250929, api_key: sk-ant-upstream, api_base: ${claude.url} }
  - model_name: gpt
    litellm_params: { model: openai/gpt-4.1, api_key: sk-openai-upstream, api_base: ${gpt.url}/v1 }
  - model_name: gemini
    litellm_params: { model: gemini/gemini-2.5-flash, api_key: AIza-upstream, api_base: ${gemini.url} }
  - model_name: gpt-down
    litellm_params: { model: openai/gpt-4.1-mini, api_key: sk-openai-upstream, api_base: ${gpt.url}/down/v1 }`,
      `router_settings:\n  num_retries: 0\n  fallbacks: [{ "gpt-down": ["claude"] }]\n`,
    ),
  });
});
afterAll(async () => {
  await gw?.stop();
  await claude?.close();
  await gpt?.close();
  await gemini?.close();
});

const as = (key: string) => new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });

async function teamKeys(alias: string, n = 1): Promise<string[]> {
  const team = await admin(gw, "/team/new", { team_alias: alias });
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push((await newKey(gw, { team_id: team.team_id })).key);
  return keys;
}

describe("stored responses", () => {
  it("retrieve, inputItems.list (paged, newest first by default) and delete work on a stored response", async () => {
    const [key] = await teamKeys("store-basics");
    const client = as(key!);
    const input: OpenAI.Responses.ResponseInput = [
      { role: "developer", content: "Answer in English." },
      { role: "user", content: [{ type: "input_text", text: "Hello" }] },
    ];
    const created = await client.responses.create({ model: "claude", input });
    expect((created as unknown as { store: boolean }).store).toBe(true);

    const got = await client.responses.retrieve(created.id);
    expect(got).toMatchObject({ id: created.id, status: "completed", output: created.output });
    expect(got.output_text).toBe("Hello! How can I help you today?");

    const items = await client.responses.inputItems.list(created.id);
    expect(items.data.map((i) => (i as { role: string }).role)).toEqual(["user", "developer"]);
    expect(items.data[0]).toMatchObject({ type: "message", content: [{ type: "input_text", text: "Hello" }] });
    expect(items.data[1]).toMatchObject({ content: [{ type: "input_text", text: "Answer in English." }] });
    for (const item of items.data) expect(item.id).toEqual(expect.any(String));
    const page = await client.responses.inputItems.list(created.id, { order: "asc", limit: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.has_more).toBe(true);
    expect((page.data[0] as { role: string }).role).toBe("developer");

    const deleted = await client.responses.delete(created.id);
    expect(deleted).toEqual({ id: created.id, object: "response", deleted: true });
    await expect(client.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
    const again = await gw.call(`/responses/${created.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(again.status).toBe(404);
  });

  it("a streamed response is stored by the time its last event arrives", async () => {
    claude.handle((_req, res) =>
      sendRaw(res, { contentType: "text/event-stream", body: fixtureText("anthropic/text.chunks.txt") }),
    );
    const [key] = await teamKeys("store-stream");
    const raw = await rawResponsesStream(gw, { model: "claude", input: "Hello" }, { authorization: `Bearer ${key}` });
    const done = raw.events.at(-1)!;
    expect(done.type).toBe("response.completed");
    const got = await as(key!).responses.retrieve(done.response.id);
    expect(got.output).toEqual(done.response.output);
    claude.handle(json("anthropic/text.response.json"));
  });

  it("store: false stores nothing: retrieve is a 404 and the id cannot be continued", async () => {
    const [key] = await teamKeys("no-store");
    const client = as(key!);
    const r = await client.responses.create({ model: "claude", input: "Hello", store: false });
    expect((r as unknown as { store: boolean }).store).toBe(false);
    await expect(client.responses.retrieve(r.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      client.responses.create({ model: "claude", input: "more", previous_response_id: r.id }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("a team's keys share their conversations; another team's key gets 404 for the same id everywhere", async () => {
    const [a1, a2] = await teamKeys("team-a", 2);
    const [b1] = await teamKeys("team-b");
    const created = await as(a1!).responses.create({ model: "claude", input: "Hello" });
    expect((await as(a2!).responses.retrieve(created.id)).id).toBe(created.id);
    const continued = await as(a2!).responses.create({
      model: "claude",
      input: "Again",
      previous_response_id: created.id,
    });
    expect(continued.previous_response_id).toBe(created.id);

    const other = as(b1!);
    const before = claude.requests.length;
    for (const call of [
      () => other.responses.retrieve(created.id),
      () => other.responses.inputItems.list(created.id),
      () => other.responses.delete(created.id),
      () => other.responses.cancel(created.id),
      () => other.responses.create({ model: "claude", input: "hi", previous_response_id: created.id }),
    ])
      await expect(call()).rejects.toMatchObject({ status: 404, error: { code: "not_found" } });
    expect(claude.requests.length).toBe(before); // the foreign id never reached an upstream
    expect((await as(a1!).responses.retrieve(created.id)).id).toBe(created.id); // still there for its team
  });

  it("the master key does not see a team's responses either", async () => {
    const [key] = await teamKeys("team-private");
    const created = await as(key!).responses.create({ model: "claude", input: "Hello" });
    const res = await gw.call(`/v1/responses/${created.id}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).error).toMatchObject({ type: "not_found_error", code: "not_found" });
  });
});

describe("a conversation across vendors", () => {
  it("started on Anthropic (translated), continued on OpenAI (native): the stored turns are inlined upstream", async () => {
    claude.handle(json("anthropic/tool-call.response.json"));
    const [key] = await teamKeys("cross-1");
    const client = as(key!);
    const first = await client.responses.create({ model: "claude", input: "What is the weather?", tools: [WEATHER] });
    const call = first.output.find((o) => o.type === "function_call") as OpenAI.Responses.ResponseFunctionToolCall;
    claude.handle(json("anthropic/text.response.json"));

    const output = '{"temp_c":18}';
    const second = await client.responses.create({
      model: "gpt",
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output }],
      tools: [WEATHER],
    });
    expect(second.output_text).toBe("Hello! How can I help you today?");
    const sent = gpt.requests.at(-1)!.json() as Json;
    expect(sent.previous_response_id).toBeUndefined(); // OpenAI has never seen that id
    expect(sent.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "What is the weather?" }] },
      { type: "message", role: "assistant", content: "I'll check the weather in San Francisco." },
      { type: "function_call", call_id: call.call_id, name: "get_weather", arguments: call.arguments },
      { type: "function_call_output", call_id: call.call_id, output },
    ]);
    // the stored turn keeps the link, so the chain goes on from either side
    expect((await client.responses.retrieve(second.id)).previous_response_id).toBe(first.id);
  });

  it("started on OpenAI (native), continued on Gemini (translated): the native turn becomes Gemini history", async () => {
    const [key] = await teamKeys("cross-2");
    const client = as(key!);
    const first = await client.responses.create({ model: "gpt", input: "Hello" });
    const second = await client.responses.create({
      model: "gemini",
      previous_response_id: first.id,
      input: "And now?",
    });
    expect(second.output_text).toBe("Hello! Grüße aus Zürich — how can I help? ✓");
    expect((gemini.requests.at(-1)!.json() as Json).contents).toEqual([
      { role: "user", parts: [{ text: "Hello" }] },
      { role: "model", parts: [{ text: "Hello! How can I help you today?" }] },
      { role: "user", parts: [{ text: "And now?" }] },
    ]);
  });

  it("a fallback from a failing OpenAI group to Anthropic: the answer is stored as Anthropic's, and continues natively", async () => {
    const [key] = await teamKeys("fallback");
    const client = as(key!);
    const { data: first, response } = await client.responses
      .create({ model: "gpt-down", input: "Hello" })
      .withResponse();
    expect(response.headers.get("x-switchyard-attempted-fallbacks")).toBe("1");
    expect(response.headers.get("x-switchyard-model-group")).toBe("claude");
    expect(first.output_text).toBe("Hello! How can I help you today?");
    const second = await client.responses.create({ model: "gpt", previous_response_id: first.id, input: "More" });
    // the native answer passes as OpenAI sent it; the stored record keeps the link
    expect((await client.responses.retrieve(second.id)).previous_response_id).toBe(first.id);
    expect((gpt.requests.at(-1)!.json() as Json).input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "Hello" }] },
      { type: "message", role: "assistant", content: "Hello! How can I help you today?" },
      { type: "message", role: "user", content: "More" },
    ]);
  });
});

describe("budgets and spend on /v1/responses", () => {
  it("a key over its budget gets 429 budget_exceeded before any upstream call", async () => {
    const k = await newKey(gw, { key_alias: "responses-capped", max_budget: 0.000001 });
    const before = claude.requests.length;
    const res = await gw.call("/v1/responses", {
      body: { model: "claude", input: "Hello" },
      headers: { authorization: `Bearer ${k.key}` },
    });
    expect(res.status).toBe(429);
    expect(((await res.json()) as Json).error).toMatchObject({ type: "budget_exceeded", code: "budget_exceeded" });
    expect(claude.requests.length).toBe(before);
  });

  it("every request leaves one spend record (call_type aresponses) whose cost the response header reported", async () => {
    const k = await newKey(gw, { key_alias: "responses-spend" });
    const { response } = await as(k.key)
      .responses.create({ model: "claude", input: "Hello", user: "end-user-9" })
      .withResponse();
    const cost = micros(Number(response.headers.get("x-switchyard-response-cost")));
    expect(cost).toBeGreaterThan(0);
    await rawResponsesStream(gw, { model: "gpt", input: "Hello" }, { authorization: `Bearer ${k.key}` });
    const logs = await eventually(async () => {
      const l = await admin<Json[]>(gw, `/spend/logs?api_key=${k.key}`);
      return l.length === 2 ? l : undefined;
    }, "two spend records");
    const translated = logs.find((l) => l.model_group === "claude")!;
    expect(translated).toMatchObject({
      call_type: "aresponses",
      status_code: 200,
      cost_micros: cost,
      prompt_tokens: 12,
      completion_tokens: 12,
      end_user: "end-user-9",
      custom_llm_provider: "anthropic",
      stream: false,
    });
    const native = logs.find((l) => l.model_group === "gpt")!;
    expect(native).toMatchObject({ call_type: "aresponses", status_code: 200, stream: true, prompt_tokens: 12 });
    expect(native.cost_micros).toBeGreaterThan(0);
    const info = await eventually(async () => {
      const i = await admin(gw, `/key/info?key=${k.key}`);
      return micros(i.info.spend) === translated.cost_micros + native.cost_micros ? i : undefined;
    }, "the key's spend");
    expect(micros(info.info.spend)).toBe(translated.cost_micros + native.cost_micros);
  });
});
