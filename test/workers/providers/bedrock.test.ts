import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI, { type APIError } from "openai";
import { startGateway, type TestGateway } from "../../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream, type RecordedRequest } from "../../helpers/mock-upstream.js";
import { fixtureJson } from "../../helpers/fixtures.js";
import { encodeFixture } from "../../helpers/event-stream.js";
import {
  WEATHER_TOOL,
  collectStream,
  collectUntilError,
  gatewayClient,
  providerConfig,
  rawStream,
  sendRaw,
} from "../../helpers/provider-calls.js";

// The official OpenAI client → the gateway (workerd) → a loopback mock of Bedrock's Converse API that
// checks every request's SigV4 signature by recomputing it (node:crypto, independently of the gateway's
// signer) from what it received, and streams ConverseStream as AWS event-stream binary frames.
const MODEL = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
const MODEL_PATH = "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0";
const ACCESS_KEY = "AKIDEXAMPLE4242";
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION = "IQoJb3JpZ2luX2VjEXAMPLE-session-token";
const REGION = "us-east-1";

let up: MockUpstream;
let gw: TestGateway;
let client: OpenAI;
/** Requests whose signature verified. */
const verified: RecordedRequest[] = [];

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s, "utf8").digest();
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Why the request's SigV4 Authorization header is wrong, or null when it checks out. */
function sigV4Problem(req: RecordedRequest): string | null {
  const auth = String(req.headers.authorization ?? "");
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return `malformed authorization: ${auth}`;
  const [, keyId, day, region, service, signedHeaders, signature] = m as unknown as string[];
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (keyId !== ACCESS_KEY || region !== REGION || service !== "bedrock" || !amzDate.startsWith(day!))
    return "wrong credential scope";
  const names = signedHeaders!.split(";");
  for (const required of ["content-type", "host", "x-amz-date", "x-amz-security-token"])
    if (!names.includes(required)) return `${required} not signed`;
  if (req.headers["x-amz-security-token"] !== SESSION) return "wrong session token";
  const payloadHash = sha256(req.body);
  if (req.headers["x-amz-content-sha256"] !== undefined && req.headers["x-amz-content-sha256"] !== payloadHash)
    return "x-amz-content-sha256 does not match the body";
  const [path = "/", query = ""] = req.path.split("?");
  // Every service but S3 encodes each (already encoded) path segment once more.
  const canonicalUri = path.split("/").map(rfc3986).join("/");
  const canonicalQuery = query
    .split("&")
    .filter(Boolean)
    .map((kv) =>
      kv
        .split("=")
        .map((x) => rfc3986(decodeURIComponent(x)))
        .join("="),
    )
    .sort()
    .join("&");
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonicalRequest = [
    req.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, day!), region!), service!), "aws4_request");
  const expected = hmac(key, stringToSign);
  return timingSafeEqual(expected, Buffer.from(signature!, "hex")) ? null : "signature mismatch";
}

type ErrorFixture = { status: number; headers: Record<string, string>; body: unknown };

function sendErrorFixture(res: http.ServerResponse, file: string): void {
  const f = fixtureJson<ErrorFixture>(`bedrock/${file}`);
  sendJson(res, f.status, f.body, f.headers);
}

/** Verify the signature (a bad one gets Bedrock's real 403), then answer. */
function signed(answer: (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>) {
  return (req: RecordedRequest, res: http.ServerResponse) => {
    if (sigV4Problem(req) !== null) return sendErrorFixture(res, "error-403-invalid-signature.json");
    verified.push(req);
    return answer(req, res);
  };
}

const events = (file: string, pieceSize?: number) =>
  signed((_req, res) =>
    sendRaw(res, {
      contentType: "application/vnd.amazon.eventstream",
      body: encodeFixture(fixtureJson(`bedrock/${file}`)),
      pieceSize,
    }),
  );

beforeAll(async () => {
  up = await startMockUpstream();
  const common = `aws_access_key_id: ${ACCESS_KEY}, aws_session_token: os.environ/AWS_TOKEN, aws_region_name: ${REGION}, api_base: ${up.url}`;
  gw = await startGateway({
    config: providerConfig(`
  - model_name: bedrock-claude
    litellm_params: { model: "bedrock/${MODEL}", aws_secret_access_key: os.environ/AWS_SECRET, ${common} }
  - model_name: bedrock-wrong-secret
    litellm_params: { model: "bedrock/${MODEL}", aws_secret_access_key: os.environ/AWS_WRONG_SECRET, ${common} }`),
    vars: { AWS_SECRET: SECRET, AWS_WRONG_SECRET: "not-the-secret-at-all", AWS_TOKEN: SESSION },
  });
  client = gatewayClient(gw);
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const ask = (content = "hi") => ({ model: "bedrock-claude", messages: [{ role: "user" as const, content }] });

describe("bedrock through the gateway", () => {
  it("text: a SigV4-signed POST /model/{id}/converse that the mock's own signature check accepts", async () => {
    up.handle(signed((_req, res) => sendJson(res, 200, fixtureJson("bedrock/text.response.json"))));
    const { data: r, response } = await client.chat.completions
      .create({
        model: "bedrock-claude",
        messages: [
          { role: "system", content: "Be nice." },
          { role: "user", content: "Hello" },
        ],
        max_tokens: 100,
        temperature: 0.3,
      })
      .withResponse();
    expect(Number(response.headers.get("x-switchyard-response-cost"))).toBeGreaterThan(0); // priced by the vendor model id
    expect(verified).toHaveLength(1);
    expect(r.choices[0]!.message.content).toBe("Hello! How can I help you today?");
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 });

    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe(`${MODEL_PATH}/converse`);
    expect(sent.json()).toEqual({
      messages: [{ role: "user", content: [{ text: "Hello" }] }],
      system: [{ text: "Be nice." }],
      inferenceConfig: { maxTokens: 100, temperature: 0.3 },
    });
  });

  it("stream text (upstream bytes cut every 5 bytes): /converse-stream, event-stream frames decoded into text in order, finish stop", async () => {
    up.handle(events("text.events.json", 5));
    const s = await collectStream(await client.chat.completions.create({ ...ask(), stream: true }));
    expect(up.requests.at(-1)!.path).toBe(`${MODEL_PATH}/converse-stream`);
    expect(verified.at(-1)).toBe(up.requests.at(-1));
    expect(s.text).toBe("Hello, wörld — ünïcode ✓!");
    expect(s.firstRole).toBe("assistant");
    expect(s.finishReason).toBe("stop");
    expect(s.usageChunks).toBe(0);
  });

  it("tool call: an OpenAI tool conversation goes out as Converse's body; toolUse comes back as tool_calls", async () => {
    up.handle(signed((_req, res) => sendJson(res, 200, fixtureJson("bedrock/tool-call.response.json"))));
    const request = {
      ...fixtureJson<Record<string, unknown>>("bedrock/tool-conversation.openai.json"),
      model: "bedrock-claude",
    };
    const r = await client.chat.completions.create(request as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(verified.at(-1)).toBe(up.requests.at(-1));
    expect(up.requests.at(-1)!.json()).toEqual(fixtureJson("bedrock/tool-conversation.bedrock.json"));

    const m = r.choices[0]!.message;
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    expect(m.content).toBe("I'll look up the weather in Paris.");
    expect(m.tool_calls![0]).toMatchObject({
      id: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
      type: "function",
      function: { name: "get_weather" },
    });
    const call = m.tool_calls![0]!;
    expect(JSON.parse(call.type === "function" ? call.function.arguments : "")).toEqual({
      location: "Paris, France",
      unit: "celsius",
    });
  });

  it("tool call streamed: toolUse input pieces assemble into the JSON input", async () => {
    up.handle(events("tool-call.events.json"));
    const s = await collectStream(
      await client.chat.completions.create({ ...ask("Weather in Paris?"), tools: [WEATHER_TOOL], stream: true }),
    );
    expect(s.text).toBe("I'll look up the weather.");
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]).toMatchObject({
      index: 0,
      id: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
      type: "function",
      name: "get_weather",
    });
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual({ location: "Paris, France", unit: "celsius" });
    expect(s.finishReason).toBe("tool_calls");
    expect(up.requests.at(-1)!.json()).toMatchObject({
      toolConfig: {
        tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: WEATHER_TOOL.function.parameters } } }],
      },
    });
  });

  it("usage: with include_usage the final chunk carries the metadata event's usage, cache reads counted", async () => {
    up.handle(events("text.events.json"));
    const s = await collectStream(
      await client.chat.completions.create({ ...ask(), stream: true, stream_options: { include_usage: true } }),
    );
    expect(s.usageChunks).toBe(1);
    const last = s.chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({
      prompt_tokens: 3025,
      completion_tokens: 15,
      total_tokens: 3040,
      prompt_tokens_details: { cached_tokens: 2000 },
    });
  });

  it("errors: ThrottlingException → 429 with retry-after; 503 ServiceUnavailable → 503", async () => {
    up.handle(signed((_req, res) => sendErrorFixture(res, "error-429-throttling.json")));
    const limited = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as APIError).headers?.get("retry-after")).toBe("7");
    expect((limited as APIError).message).toContain("Too many requests, please wait");

    up.handle(signed((_req, res) => sendErrorFixture(res, "error-503-unavailable.json")));
    const down = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(OpenAI.InternalServerError);
    expect((down as APIError).status).toBe(503);
    expect((down as APIError).message).toContain("Bedrock is unable to process your request");
  });

  it("a wrong secret: the mock's check rejects the signature; the client gets a 401 without AWS's canonical request", async () => {
    up.handle(signed((_req, res) => sendJson(res, 200, fixtureJson("bedrock/text.response.json"))));
    const before = verified.length;
    const err = await client.chat.completions
      .create({ ...ask(), model: "bedrock-wrong-secret" })
      .catch((e: unknown) => e);
    expect(verified.length).toBe(before);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    const text = JSON.stringify((err as APIError).error);
    expect(text).toContain("signature we calculated does not match");
    expect(text).not.toContain("x-amz-security-token"); // the canonical string AWS prints names the session token
    expect(text).not.toContain("not-the-secret-at-all");
  });

  it("error inside a stream: the client gets the partial text, then the throttling exception", async () => {
    up.handle(events("stream-error.events.json"));
    const s = await collectUntilError(await client.chat.completions.create({ ...ask(), stream: true }));
    expect(s.text).toBe("Once upon a");
    expect(s.error).toBeInstanceOf(OpenAI.APIError);
    expect((s.error as APIError).message).toContain("Too many tokens, please wait before trying again.");

    const raw = await rawStream(gw, ask());
    expect(raw.status).toBe(200);
    expect(raw.done).toBe(true);
    expect(raw.error).toMatchObject({ type: "rate_limit_error", code: "throttlingexception" });
  });

  it("never logs the secret or the session token", () => {
    const out = gw.output();
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(SESSION);
  });
});
