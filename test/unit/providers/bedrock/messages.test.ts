import { describe, expect, it } from "vitest";
import { bedrockMessages } from "../../../../src/providers/bedrock/messages.js";
import { sha256Hex } from "../../../../src/providers/bedrock/sigv4.js";
import { sseRawText } from "../../../../src/codecs/messages/sse.js";
import { anthropicErrorOf } from "../../../../src/codecs/messages/error.js";
import { GatewayError } from "../../../../src/errors/gateway-error.js";
import { bedrockException, concatBytes, encodeMessage } from "../../../helpers/event-stream.js";
import { parseSseText } from "../../../helpers/anthropic-stream-grammar.js";
import { fixtureJson, fixtureText } from "../../../helpers/fixtures.js";
import { nativeContext, nativeInput, readNativeStream } from "../../../helpers/native-messages.js";
import { KEYS, MODEL, NOW } from "./context.js";

const claudeCode = fixtureText("anthropic-messages/claude-code.request.json");
const headers = fixtureJson<Record<string, string>>("anthropic-messages/claude-code.headers.json");
const ctx = (opts: { stream?: boolean; params?: Record<string, unknown> } = {}) =>
  nativeContext({
    provider: "bedrock",
    model: MODEL,
    params: { aws_region_name: "us-east-1", ...KEYS, ...opts.params },
    stream: opts.stream,
    now: NOW,
  });
const BASE = "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
/** One InvokeModelWithResponseStream `chunk` frame carrying an Anthropic event. */
const chunkFrame = (data: string) =>
  encodeMessage(
    { ":event-type": "chunk", ":content-type": "application/json", ":message-type": "event" },
    JSON.stringify({ bytes: b64(data) }),
  );

describe("Bedrock native Messages (Claude via InvokeModel)", () => {
  it("serves Claude models only", () => {
    expect(bedrockMessages.supports(ctx().deployment)).toBe(true);
    expect(bedrockMessages.supports({ ...ctx().deployment, model: "amazon.nova-pro-v1:0" })).toBe(false);
  });

  it("streams through invoke-with-response-stream: no model, no stream, Bedrock's version and betas in the body", async () => {
    const req = await bedrockMessages.buildRequest(ctx({ stream: true }), nativeInput(claudeCode, headers));
    expect(req.url).toBe(`${BASE}/invoke-with-response-stream`);
    const betas = '["interleaved-thinking-2025-05-14","fine-grained-tool-streaming-2025-05-14"]';
    expect(req.body).toBe(
      claudeCode
        .replace('  "model": "claude-sonnet-4-5-20250929",\n', "")
        .replace(',\n  "stream": true\n}', `,"anthropic_version":"bedrock-2023-05-31","anthropic_beta":${betas}\n}`),
    );
  });

  it("signs the request with SigV4 over the exact body", async () => {
    const req = await bedrockMessages.buildRequest(ctx(), nativeInput('{"model":"g","max_tokens":5,"messages":[]}'));
    expect(req.url).toBe(`${BASE}/invoke`);
    expect(req.body).toBe('{"max_tokens":5,"messages":[],"anthropic_version":"bedrock-2023-05-31"}');
    expect(req.headers["x-amz-content-sha256"]).toBe(await sha256Hex(req.body as string));
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20241105\/us-east-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it("uses a Bedrock API key as a bearer token when configured", async () => {
    const req = await bedrockMessages.buildRequest(
      ctx({ params: { api_key: "bedrock-key" } }),
      nativeInput('{"messages":[]}'),
    );
    expect(req.headers.authorization).toBe("Bearer bedrock-key");
  });

  it("counts tokens with the invoke body under input.invokeModel, for the foundation model", async () => {
    const req = await bedrockMessages.buildCountTokensRequest(ctx(), nativeInput('{"model":"g","messages":[]}'));
    expect(req.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/count-tokens",
    );
    const wrapped = JSON.parse(req.body as string);
    expect(Buffer.from(wrapped.input.invokeModel.body, "base64").toString("utf8")).toBe(
      '{"messages":[],"max_tokens":1,"anthropic_version":"bedrock-2023-05-31"}',
    );
    expect(bedrockMessages.readCountTokens('{"inputTokens":41}')).toEqual({ input_tokens: 41 });
  });

  it("decodes the event-stream back into Anthropic's SSE, event for event", () => {
    const sse = fixtureText("anthropic-messages/native.stream.txt");
    const events = parseSseText(sse);
    const bytes = concatBytes(events.map((e) => chunkFrame(e.data)));
    const run = readNativeStream(bedrockMessages, bytes);
    expect(run.error).toBeUndefined();
    expect(run.events.map(sseRawText).join("")).toBe(sse);
    expect(run.done).toBe(true);
    expect(run.usage).toMatchObject({ input_tokens: 312, output_tokens: 87, cache_read_input_tokens: 2048 });
  });

  it("ends the stream with the error an exception frame stands for", () => {
    const sse = parseSseText(fixtureText("anthropic-messages/native.stream.txt")).slice(0, 3);
    const bytes = concatBytes([
      ...sse.map((e) => chunkFrame(e.data)),
      bedrockException("throttlingException", { message: "Too many requests, please wait before trying again." }),
    ]);
    const run = readNativeStream(bedrockMessages, bytes);
    expect(run.events).toHaveLength(3);
    expect(run.error).toBeInstanceOf(GatewayError);
    expect(anthropicErrorOf(run.error as GatewayError)).toEqual({ status: 429, type: "rate_limit_error" });
  });

  it("maps an error response", () => {
    const e = bedrockMessages.parseError(ctx(), {
      status: 400,
      headers: new Headers(),
      body: fixtureText("bedrock/error-400-validation.json"),
    });
    expect(anthropicErrorOf(e).type).toBe("invalid_request_error");
  });
});
