import { generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI, { type APIError } from "openai";
import { startGateway, type TestGateway } from "../../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../../helpers/mock-upstream.js";
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

// The official OpenAI client → the gateway (workerd) → loopback mocks of Vertex AI (Gemini and Claude
// publishers) and of Google's OAuth token endpoint, which verifies the service account's signed JWT.
const PROJECT = "my-proj";
const ACCESS_TOKEN = (fixtureJson("vertex_ai/token-response.json") as { access_token: string }).access_token;
const GEMINI_PATH = `/v1/projects/${PROJECT}/locations/us-central1/publishers/google/models/gemini-2.0-flash`;
const CLAUDE_PATH = `/v1/projects/${PROJECT}/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929`;

let up: MockUpstream;
let tokens: MockUpstream;
let gw: TestGateway;
let client: OpenAI;
let publicKey: KeyObject;
let privateKeyPem: string;
/** Verified token-endpoint calls: JWT header and claims. */
const exchanges: Array<{ header: Record<string, unknown>; claims: Record<string, unknown> }> = [];

const sse = (file: string, pieceSize?: number) => (_req: unknown, res: Parameters<typeof sendRaw>[0]) =>
  sendRaw(res, { contentType: "text/event-stream", body: fixtureText(file), pieceSize });

function serviceAccount(tokenUri: string): string {
  return JSON.stringify({
    type: "service_account",
    project_id: "key-project",
    private_key_id: "kid-0123456789",
    private_key: privateKeyPem,
    client_email: "gateway@key-project.iam.gserviceaccount.com",
    client_id: "100000000000000000001",
    token_uri: tokenUri,
  });
}

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

/** Google's token endpoint: a jwt-bearer grant whose RS256 signature verifies with the key's public half. */
function tokenEndpoint(req: RecordedRequest, res: Parameters<typeof sendRaw>[0]): void {
  if (req.path === "/bad") {
    sendJson(res, 400, fixtureJson("vertex_ai/token-error.json"));
    return;
  }
  const form = new URLSearchParams(req.body);
  const [h = "", c = "", s = ""] = (form.get("assertion") ?? "").split(".");
  const signed = verify("RSA-SHA256", Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s, "base64url"));
  if (
    req.headers["content-type"] !== "application/x-www-form-urlencoded" ||
    form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer" ||
    !signed
  ) {
    sendJson(res, 400, fixtureJson("vertex_ai/token-error.json"));
    return;
  }
  exchanges.push({ header: decode(h), claims: decode(c) });
  sendJson(res, 200, fixtureJson("vertex_ai/token-response.json"));
}

beforeAll(async () => {
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  publicKey = pair.publicKey;
  privateKeyPem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  [up, tokens] = await Promise.all([startMockUpstream(), startMockUpstream(tokenEndpoint)]);
  const creds = "vertex_credentials: os.environ/VERTEX_CREDS";
  gw = await startGateway({
    config: providerConfig(`
  - model_name: vertex-gemini
    litellm_params: { model: vertex_ai/gemini-2.0-flash, vertex_project: ${PROJECT}, vertex_location: us-central1, ${creds}, api_base: ${up.url} }
  - model_name: vertex-claude
    litellm_params: { model: vertex_ai/claude-sonnet-4-5@20250929, vertex_project: ${PROJECT}, vertex_location: us-east5, ${creds}, api_base: ${up.url} }
  - model_name: vertex-bad-creds
    litellm_params: { model: vertex_ai/gemini-2.0-flash, vertex_project: ${PROJECT}, vertex_credentials: os.environ/VERTEX_BAD_CREDS, api_base: ${up.url} }`),
    vars: {
      VERTEX_CREDS: serviceAccount(`${tokens.url}/token`),
      VERTEX_BAD_CREDS: serviceAccount(`${tokens.url}/bad`),
    },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  await Promise.all([up?.close(), tokens?.close()]);
});

const ask = (model: string, content = "hi") => ({ model, messages: [{ role: "user" as const, content }] });

describe("vertex_ai gemini through the gateway", () => {
  it("text: exchanges a signed JWT at token_uri, then generateContent on the project path with the Bearer token", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("vertex_ai/gemini-text.response.json")));
    const { data: r, response } = await client.chat.completions
      .create({ ...ask("vertex-gemini", "Bonjour"), max_tokens: 50 })
      .withResponse();
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0); // priced by the vendor model id
    expect(r.choices[0]!.message.content).toBe("Bonjour ! Comment puis-je vous aider ?");
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 10, total_tokens: 16 });

    expect(exchanges).toHaveLength(1);
    const iat = exchanges[0]!.claims.iat as number;
    expect(exchanges[0]).toEqual({
      header: { alg: "RS256", typ: "JWT", kid: "kid-0123456789" },
      claims: {
        iss: "gateway@key-project.iam.gserviceaccount.com",
        scope: "https://www.googleapis.com/auth/cloud-platform",
        aud: `${tokens.url}/token`,
        iat,
        exp: iat + 3600,
      },
    });
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe(`${GEMINI_PATH}:generateContent`);
    expect(sent.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(sent.headers["x-goog-api-key"]).toBeUndefined();
    expect(sent.json()).toEqual({
      contents: [{ role: "user", parts: [{ text: "Bonjour" }] }],
      generationConfig: { maxOutputTokens: 50 },
    });
  });

  it("stream text (upstream bytes cut every 5 bytes): streamGenerateContent?alt=sse, text in order, finish stop; the token is reused", async () => {
    up.handle(sse("vertex_ai/gemini-text.chunks.txt", 5));
    const s = await collectStream(await client.chat.completions.create({ ...ask("vertex-gemini"), stream: true }));
    expect(up.requests.at(-1)!.path).toBe(`${GEMINI_PATH}:streamGenerateContent?alt=sse`);
    expect(up.requests.at(-1)!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(s.text).toBe("Bonjour ! Comment puis-je vous aider ?");
    expect(s.firstRole).toBe("assistant");
    expect(s.finishReason).toBe("stop");
    expect(s.usageChunks).toBe(0);
    expect(exchanges).toHaveLength(1);
  });

  it("tool call: functionDeclarations out, functionCall back as tool_calls", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("gemini/tool-call.response.json")));
    const r = await client.chat.completions.create({
      ...ask("vertex-gemini", "Weather in Boston?"),
      tools: [WEATHER_TOOL],
    });
    const call = r.choices[0]!.message.tool_calls![0]!;
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(JSON.parse(call.type === "function" ? call.function.arguments : "")).toEqual({
      location: "Boston, MA",
      unit: "celsius",
    });
    expect(up.requests.at(-1)!.json()).toMatchObject({ tools: [{ functionDeclarations: [{ name: "get_weather" }] }] });
  });

  it("tool call streamed: arguments assemble to the call's args", async () => {
    up.handle(sse("gemini/tool-call.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        ...ask("vertex-gemini", "Weather in Boston?"),
        tools: [WEATHER_TOOL],
        stream: true,
      }),
    );
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]).toMatchObject({ index: 0, type: "function", name: "get_weather" });
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual({ location: "Boston, MA", unit: "celsius" });
    expect(s.finishReason).toBe("tool_calls");
  });

  it("usage: with include_usage the final chunk has no choices and carries the counts", async () => {
    up.handle(sse("vertex_ai/gemini-text.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        ...ask("vertex-gemini"),
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(s.usageChunks).toBe(1);
    expect(s.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 6, completion_tokens: 10, total_tokens: 16 },
    });
  });

  it("errors: quota RESOURCE_EXHAUSTED → 429, permission denied → 403, with Google's message", async () => {
    up.handle((_req, res) => sendJson(res, 429, fixtureJson("vertex_ai/error-429-quota.json")));
    const limited = await client.chat.completions.create(ask("vertex-gemini")).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as APIError).message).toContain("Quota exceeded for aiplatform.googleapis.com");

    up.handle((_req, res) => sendJson(res, 403, fixtureJson("vertex_ai/error-403-permission.json")));
    const denied = await client.chat.completions.create(ask("vertex-gemini")).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((denied as APIError).message).toContain("aiplatform.endpoints.predict");
  });

  it("a token endpoint that refuses the grant → 401 naming the OAuth error, never the key", async () => {
    const before = up.requests.length;
    const err = await client.chat.completions.create(ask("vertex-bad-creds")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as APIError).message).toContain("invalid_grant");
    expect(JSON.stringify((err as APIError).error)).not.toContain("PRIVATE KEY");
    expect(up.requests.length).toBe(before); // nothing reached Vertex without a token
  });

  it("error inside a stream: partial text, then the error", async () => {
    up.handle(sse("gemini/stream-error.chunks.txt"));
    const s = await collectUntilError(await client.chat.completions.create({ ...ask("vertex-gemini"), stream: true }));
    expect(s.text).toBe("Partial answer");
    expect((s.error as APIError).message).toContain("The model is overloaded");
    const raw = await rawStream(gw, ask("vertex-gemini"));
    expect(raw.done).toBe(true);
    expect(raw.error).toMatchObject({
      type: "api_error",
      message: expect.stringContaining("vertex_ai error: The model is overloaded"),
    });
  });
});

describe("vertex_ai claude through the gateway", () => {
  it("text: rawPredict on the anthropic publisher path, vertex anthropic_version, no model in the body", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("vertex_ai/claude-text.response.json")));
    const { data: r, response } = await client.chat.completions
      .create({ ...ask("vertex-claude", "Hello"), max_tokens: 200 })
      .withResponse();
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0);
    expect(r.choices[0]!.message.content).toBe("Hello from Claude on Vertex!");
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 });
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe(`${CLAUDE_PATH}:rawPredict`);
    expect(sent.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(sent.headers["x-api-key"]).toBeUndefined();
    expect(sent.json()).toEqual({
      anthropic_version: "vertex-2023-10-16",
      max_tokens: 200,
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
    });
    expect(exchanges).toHaveLength(1); // the same service account: the cached token serves both publishers
  });

  it("stream text: streamRawPredict with stream true; text in order, finish stop", async () => {
    up.handle(sse("vertex_ai/claude-text.chunks.txt"));
    const s = await collectStream(await client.chat.completions.create({ ...ask("vertex-claude"), stream: true }));
    expect(up.requests.at(-1)!.path).toBe(`${CLAUDE_PATH}:streamRawPredict`);
    expect(up.requests.at(-1)!.json()).toMatchObject({ stream: true, anthropic_version: "vertex-2023-10-16" });
    expect(s.text).toBe("Hello from Claude on Vertex!");
    expect(s.firstRole).toBe("assistant");
    expect(s.finishReason).toBe("stop");
  });

  it("tool call: tool_use back as tool_calls", async () => {
    up.handle((_req, res) => sendJson(res, 200, fixtureJson("anthropic/tool-call.response.json")));
    const r = await client.chat.completions.create({
      ...ask("vertex-claude", "Weather in SF?"),
      tools: [WEATHER_TOOL],
    });
    const call = r.choices[0]!.message.tool_calls![0]!;
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call).toMatchObject({ id: "toolu_01A09q90qw90lq917835lq9", function: { name: "get_weather" } });
    expect(JSON.parse(call.type === "function" ? call.function.arguments : "")).toEqual({
      location: "San Francisco, CA",
      unit: "celsius",
    });
    expect(up.requests.at(-1)!.json()).toMatchObject({
      tools: [{ name: "get_weather", input_schema: WEATHER_TOOL.function.parameters }],
    });
  });

  it("tool call streamed: input_json_delta pieces assemble to the input", async () => {
    up.handle(sse("anthropic/tool-call.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        ...ask("vertex-claude", "Weather in SF?"),
        tools: [WEATHER_TOOL],
        stream: true,
      }),
    );
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]).toMatchObject({ id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather" });
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual({ location: "San Francisco, CA", unit: "fahrenheit" });
    expect(s.finishReason).toBe("tool_calls");
  });

  it("usage: with include_usage the final chunk carries input and output tokens", async () => {
    up.handle(sse("vertex_ai/claude-text.chunks.txt"));
    const s = await collectStream(
      await client.chat.completions.create({
        ...ask("vertex-claude"),
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(s.usageChunks).toBe(1);
    expect(s.chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
    });
  });

  it("errors: Anthropic-shaped 529 → 503, Google-shaped 404 → 404, prompt too long → context_length_exceeded", async () => {
    up.handle((_req, res) => sendJson(res, 529, fixtureJson("vertex_ai/claude-error-529.json")));
    const overloaded = await client.chat.completions.create(ask("vertex-claude")).catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(OpenAI.InternalServerError);
    expect((overloaded as APIError).status).toBe(503);
    expect((overloaded as APIError).message).toContain("Overloaded");

    up.handle((_req, res) => sendJson(res, 404, fixtureJson("vertex_ai/error-404-model.json")));
    const missing = await client.chat.completions.create(ask("vertex-claude")).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as APIError).message).toContain("claude-9` not found");

    up.handle((_req, res) => sendJson(res, 400, fixtureJson("vertex_ai/claude-error-400.json")));
    const tooLong = await client.chat.completions.create(ask("vertex-claude")).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooLong as APIError).code).toBe("context_length_exceeded");
  });

  it("error inside a stream: partial text, then the overloaded error", async () => {
    up.handle(sse("anthropic/stream-error.chunks.txt"));
    const s = await collectUntilError(await client.chat.completions.create({ ...ask("vertex-claude"), stream: true }));
    expect(s.text).toBe("Partial");
    expect((s.error as APIError).message).toContain("Overloaded");
    const raw = await rawStream(gw, ask("vertex-claude"));
    expect(raw.done).toBe(true);
    expect(raw.error).toMatchObject({
      type: "api_error",
      message: expect.stringContaining("vertex_ai error: Overloaded"),
    });
  });
});

describe("vertex_ai secrets", () => {
  it("exchanged the JWT once for all requests and never logs the private key or the access token", () => {
    expect(exchanges).toHaveLength(1);
    const out = gw.output();
    expect(out).not.toContain("PRIVATE KEY");
    expect(out).not.toContain(ACCESS_TOKEN);
  });
});
