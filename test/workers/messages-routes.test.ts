import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, sendSse, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson, fixtureText } from "../helpers/fixtures.js";
import { sendRaw } from "../helpers/provider-calls.js";
import { validateAnthropicStream } from "../helpers/anthropic-stream-grammar.js";
import { admin, eventually, json, newKey } from "../helpers/keys.js";

// The Messages routes on the built worker: both paths, count_tokens, the Anthropic model list, errors in
// Anthropic's shape, fallbacks across paths, budgets and spend records.
const ANTHROPIC_KEY = "sk-ant-upstream-secret-7777";
const CLAUDE = "claude-sonnet-4-5-20250929";
let anth: MockUpstream;
let oai: MockUpstream;
let gw: TestGateway;

const HEADERS = { "anthropic-version": "2023-06-01" };
const hello = { max_tokens: 64, messages: [{ role: "user", content: "Hello" }] };

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return gw.call(path, { body, headers: { ...HEADERS, ...headers } });
}

const chatChunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: "chatcmpl-x",
  object: "chat.completion.chunk",
  created: 1,
  model: "gpt-4o",
  choices: [{ index: 0, delta, finish_reason: finish }],
});

beforeAll(async () => {
  anth = await startMockUpstream();
  oai = await startMockUpstream();
  gw = await startGateway({
    config: configWith(
      `
  - model_name: claude
    litellm_params: { model: anthropic/${CLAUDE}, api_key: ${ANTHROPIC_KEY}, api_base: ${anth.url} }
  - model_name: claude-busy
    litellm_params: { model: anthropic/${CLAUDE}, api_key: ${ANTHROPIC_KEY}, api_base: ${anth.url}/busy }
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai-upstream, api_base: ${oai.url}/v1 }`,
      "router_settings:\n  num_retries: 0\n  fallbacks: [{ claude-busy: [gpt] }]\n",
    ),
  });
});
afterAll(async () => {
  await gw?.stop();
  await anth?.close();
  await oai?.close();
});

describe("POST /v1/messages, native (Claude on Anthropic)", () => {
  it("the client's body goes upstream byte for byte but for the model; the Message comes back unchanged", async () => {
    const answer = fixtureText("anthropic-messages/native.response.json");
    anth.handle((_r, res) => sendRaw(res, { contentType: "application/json", body: answer }));
    const body = `{"model":"claude","max_tokens":64,"system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"Hi \\u00e9 1.50"}],"metadata":{"user_id":"u-1"}}`;
    const res = await post("/v1/messages", body, { "anthropic-beta": "prompt-caching-2024-07-31" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(answer);
    expect(res.headers.get("x-switchyard-model-group")).toBe("claude");
    expect(Number(res.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0);
    const sent = anth.requests.at(-1)!;
    expect(sent.path).toBe("/v1/messages");
    expect(sent.body).toBe(body.replace(`"model":"claude"`, `"model":"${CLAUDE}"`));
    expect(sent.headers["x-api-key"]).toBe(ANTHROPIC_KEY);
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.headers["anthropic-beta"]).toBe("prompt-caching-2024-07-31");
    expect(sent.headers.authorization).toBeUndefined();
  });

  it("a stream is forwarded event for event and keeps Anthropic's grammar", async () => {
    const stream = fixtureText("anthropic-messages/native.stream.txt");
    anth.handle((_r, res) => sendRaw(res, { contentType: "text/event-stream", body: stream, pieceSize: 7 }));
    const res = await post("/v1/messages", { model: "claude", ...hello, stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    expect(validateAnthropicStream(text).message.stop_reason).toBe(validateAnthropicStream(stream).message.stop_reason);
    expect(text.replace(/\n+$/, "")).toBe(stream.replace(/\n+$/, ""));
  });

  it("an upstream 529 is Anthropic's overloaded_error with status 529; a 429 keeps retry-after", async () => {
    anth.handle((_r, res) => sendJson(res, 529, fixtureJson("anthropic/error-529.json")));
    const busy = await post("/v1/messages", { model: "claude", ...hello });
    expect(busy.status).toBe(529);
    expect(await busy.json()).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
    anth.handle((_r, res) => sendJson(res, 429, fixtureJson("anthropic/error-429.json"), { "retry-after": "17" }));
    const limited = await post("/v1/messages", { model: "claude", ...hello });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("17");
    const b = await limited.json();
    expect(b).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    expect(JSON.stringify(b)).not.toContain(ANTHROPIC_KEY);
  });

  it("an error event before any content falls back; after content it ends the stream as one error event", async () => {
    const start = fixtureText("anthropic-messages/native.stream.txt").split("\n\n")[0]!;
    anth.handle((_r, res) =>
      sendRaw(res, {
        contentType: "text/event-stream",
        body: `${start}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`,
      }),
    );
    oai.handle((_r, res) =>
      sendSse(res, [chatChunk({ role: "assistant", content: "From GPT" }, "stop"), "data: [DONE]\n\n"]),
    );
    const fellBack = await post("/v1/messages", { model: "claude-busy", ...hello, stream: true });
    expect(fellBack.headers.get("x-switchyard-attempted-fallbacks")).toBe("1");
    const assembled = validateAnthropicStream(await fellBack.text());
    expect(assembled.message.content).toEqual([{ type: "text", text: "From GPT" }]);

    const events = fixtureText("anthropic-messages/native.stream.txt").split("\n\n").slice(0, 6).join("\n\n");
    anth.handle((_r, res) =>
      sendRaw(res, {
        contentType: "text/event-stream",
        body: `${events}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`,
      }),
    );
    const cut = await post("/v1/messages", { model: "claude", ...hello, stream: true });
    expect(cut.status).toBe(200);
    const out = validateAnthropicStream(await cut.text());
    expect(out.error?.error.type).toBe("overloaded_error");
  });
});

describe("POST /v1/messages, translated (OpenAI)", () => {
  it("a chat answer comes back as a Message; what chat cannot carry is named in a header", async () => {
    oai.handle((_r, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    const res = await post("/v1/messages", { model: "gpt", ...hello, top_k: 5 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: "Hello! How can I assist you today?" }],
      stop_reason: "end_turn",
      usage: { input_tokens: 19, output_tokens: 10 },
    });
    expect(res.headers.get("x-switchyard-not-carried")).toBe("top_k");
    const sent = oai.requests.at(-1)!.json() as Record<string, unknown>;
    expect(sent).toMatchObject({ model: "gpt-4o", max_completion_tokens: 64 });
    expect(sent.messages).toEqual([{ role: "user", content: "Hello" }]);
  });

  it("a stream cut after it began ends with one error event, and the grammar holds", async () => {
    oai.handle((_r, res) => sendSse(res, [chatChunk({ role: "assistant", content: "Half" })]));
    const res = await post("/v1/messages", { model: "gpt", ...hello, stream: true });
    expect(res.status).toBe(200);
    const out = validateAnthropicStream(await res.text());
    expect(out.message.content).toEqual([{ type: "text", text: "Half" }]);
    expect(out.error?.type).toBe("error");
  });
});

describe("a client that goes away", () => {
  it.each(["claude", "gpt"])("mid-stream (%s): the upstream request is aborted", async (model) => {
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((r) => (closed = r));
    const hold = (first: string, tick: string) => (_r: unknown, res: import("node:http").ServerResponse) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(first);
      const timer = setInterval(() => res.write(tick), 50);
      res.on("close", () => {
        clearInterval(timer);
        closed();
      });
    };
    const frames = fixtureText("anthropic-messages/native.stream.txt").split("\n\n");
    if (model === "claude")
      anth.handle(hold(`${frames.slice(0, 4).join("\n\n")}\n\n`, 'event: ping\ndata: {"type":"ping"}\n\n'));
    else {
      const data = (content: string) => `data: ${JSON.stringify(chatChunk({ role: "assistant", content }))}\n\n`;
      oai.handle(hold(data("Hi"), data(".")));
    }
    const res = await post("/v1/messages", { model, ...hello, stream: true });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    // The upstream would write forever; it closes only because the gateway aborted its fetch.
    await upstreamClosed;
  });
});

describe("errors in Anthropic's shape", () => {
  it("no key, a wrong key, a bad body and an unknown model", async () => {
    const none = await fetch(`${gw.url}/v1/messages`, { method: "POST", body: "{}", headers: HEADERS });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const wrong = await post(
      "/v1/messages",
      { model: "claude", ...hello },
      { authorization: "", "x-api-key": "sk-nope" },
    );
    expect(wrong.status).toBe(401);
    const bad = await post("/v1/messages", { model: "claude", messages: [{ role: "user", content: "x" }] });
    expect(bad.status).toBe(400);
    const b = await json(bad);
    expect(b.error).toMatchObject({ type: "invalid_request_error" });
    expect(b.error.message).toContain("max_tokens");
    const unknown = await post("/v1/messages", { model: "nope", ...hello });
    expect((await json(unknown)).error.message).toContain("nope");
  });

  it("x-api-key with the master key authenticates, as Claude Code's ANTHROPIC_API_KEY does", async () => {
    oai.handle((_r, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    const res = await post("/v1/messages", { model: "gpt", ...hello }, { authorization: "", "x-api-key": MASTER_KEY });
    expect(res.status).toBe(200);
  });
});

describe("POST /v1/messages/count_tokens", () => {
  it("Claude counts natively; other models get the documented estimate", async () => {
    anth.handle((_r, res) => sendJson(res, 200, { input_tokens: 321 }));
    const native = await post("/v1/messages/count_tokens", { model: "claude", messages: hello.messages });
    expect(await native.json()).toEqual({ input_tokens: 321 });
    expect(native.headers.get("x-switchyard-token-count")).toBe("native");
    expect(anth.requests.at(-1)!.path).toBe("/v1/messages/count_tokens");
    expect(JSON.parse(anth.requests.at(-1)!.body).model).toBe(CLAUDE);
    const estimate = await post("/v1/messages/count_tokens", { model: "gpt", messages: hello.messages });
    expect(await estimate.json()).toEqual({ input_tokens: 6 });
    expect(estimate.headers.get("x-switchyard-token-count")).toBe("estimate");
  });
});

describe("GET /v1/models", () => {
  it("Anthropic's list shape with anthropic-version, OpenAI's without", async () => {
    const a = await json(await gw.call("/v1/models", { headers: HEADERS }));
    expect(a).toMatchObject({ has_more: false, first_id: "claude", last_id: "gpt" });
    expect(a.data[0]).toMatchObject({ type: "model", id: "claude", display_name: "claude" });
    const o = await json(await gw.call("/v1/models"));
    expect(o.object).toBe("list");
    expect(o.data.map((m: { id: string }) => m.id)).toEqual(["claude", "claude-busy", "gpt"]);
  });
});

describe("keys, budgets and spend", () => {
  it("a key over its budget is refused before the upstream with billing_error; a request leaves a spend record", async () => {
    oai.handle((_r, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
    const k = await newKey(gw, { key_alias: "claude-code" });
    const ok = await post(
      "/v1/messages",
      { model: "gpt", ...hello, metadata: { user_id: "dev-1" } },
      {
        authorization: "",
        "x-api-key": k.key,
      },
    );
    expect(ok.status).toBe(200);
    const requestId = ok.headers.get("x-request-id")!;
    const [log] = await eventually(async () => {
      const l = await admin<Array<Record<string, unknown>>>(gw, `/spend/logs?request_id=${requestId}`);
      return l.length ? l : undefined;
    }, "the spend record");
    expect(log).toMatchObject({
      call_type: "anthropic_messages",
      model_group: "gpt",
      end_user: "dev-1",
      prompt_tokens: 19,
      completion_tokens: 10,
    });
    expect(log!.cost_micros).toBeGreaterThan(0);

    const broke = await newKey(gw, { key_alias: "broke", max_budget: 0.000001 });
    const before = oai.requests.length;
    const refused = await post("/v1/messages", { model: "gpt", ...hello }, { authorization: `Bearer ${broke.key}` });
    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ type: "error", error: { type: "billing_error" } });
    expect(oai.requests.length).toBe(before);
  });
});
