import { describe, expect, it } from "vitest";
import { anthropicMessages } from "../../../../src/providers/anthropic/messages.js";
import { anthropicErrorOf } from "../../../../src/codecs/messages/error.js";
import { sseRawText } from "../../../../src/codecs/messages/sse.js";
import { chatUsageOf } from "../../../../src/codecs/messages/usage.js";
import { GatewayError } from "../../../../src/errors/gateway-error.js";
import { fixtureJson, fixtureText } from "../../../helpers/fixtures.js";
import { nativeContext, nativeInput, readNativeStream } from "../../../helpers/native-messages.js";

const claudeCode = fixtureText("anthropic-messages/claude-code.request.json");
const headers = fixtureJson<Record<string, string>>("anthropic-messages/claude-code.headers.json");
const ctx = (params: Record<string, unknown> = {}) =>
  nativeContext({
    provider: "anthropic",
    model: "claude-sonnet-4-5-20250929-vendor",
    params: { api_key: "sk-ant-1", ...params },
  });
const enc = new TextEncoder();

describe("Anthropic native Messages", () => {
  it("sends the client's body byte for byte except the model id", async () => {
    const req = await anthropicMessages.buildRequest(ctx(), nativeInput(claudeCode, headers));
    expect(req.url).toBe("https://api.anthropic.com/v1/messages");
    expect(req.body).toBe(claudeCode.replace('"claude-sonnet-4-5-20250929"', '"claude-sonnet-4-5-20250929-vendor"'));
    expect(req.headers).toEqual({
      "content-type": "application/json",
      "x-api-key": "sk-ant-1",
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14",
    });
  });

  it("passes only the betas the deployment allows and removes gateway-level fields", async () => {
    const body =
      '{"model":"g","max_tokens":5,"fallbacks":["gpt"],"messages":[{"role":"user","content":"hi"}],"num_retries":1}';
    const req = await anthropicMessages.buildRequest(
      ctx({ allowed_anthropic_betas: ["interleaved-thinking-2025-05-14"], api_base: "http://127.0.0.1:9/v1" }),
      nativeInput(body, { "anthropic-beta": "claude-code-20250219, interleaved-thinking-2025-05-14" }),
    );
    expect(req.url).toBe("http://127.0.0.1:9/v1/messages");
    expect(req.headers["anthropic-beta"]).toBe("interleaved-thinking-2025-05-14");
    expect(req.headers["anthropic-version"]).toBe("2023-06-01");
    expect(req.body).toBe(
      '{"model":"claude-sonnet-4-5-20250929-vendor","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}',
    );
  });

  it("counts tokens at /v1/messages/count_tokens and reads the count", async () => {
    const req = await anthropicMessages.buildCountTokensRequest(ctx(), nativeInput('{"model":"g","messages":[]}'));
    expect(req.url).toBe("https://api.anthropic.com/v1/messages/count_tokens");
    expect(anthropicMessages.readCountTokens('{"input_tokens":2095}')).toEqual({ input_tokens: 2095 });
  });

  it("refuses a deployment without a key, naming the setting", async () => {
    await expect(
      anthropicMessages.buildRequest(ctx({ api_key: undefined }), nativeInput('{"model":"g"}')),
    ).rejects.toThrow(/ANTHROPIC_API_KEY/);
  });

  it("passes a non-stream answer through and reads its usage, cache and server tools included", () => {
    const text = fixtureText("anthropic-messages/native.response.json");
    const { body, usage } = anthropicMessages.readResponse(text);
    expect(body).toBe(text);
    expect(usage).toMatchObject({
      input_tokens: 312,
      output_tokens: 87,
      cache_creation_input_tokens: 1024,
      cache_read_input_tokens: 2048,
      server_tool_use: { web_search_requests: 1 },
    });
    // What accounting prices: chat usage, whose prompt_tokens include cache reads and writes.
    expect(chatUsageOf(usage)).toEqual({
      prompt_tokens: 312 + 1024 + 2048,
      completion_tokens: 87,
      total_tokens: 312 + 1024 + 2048 + 87,
      prompt_tokens_details: { cached_tokens: 2048, cache_creation_tokens: 1024 },
    });
  });

  it("forwards a stream event for event and reads the final usage", () => {
    const sse = fixtureText("anthropic-messages/native.stream.txt");
    const run = readNativeStream(anthropicMessages, enc.encode(sse));
    expect(run.error).toBeUndefined();
    expect(run.events.map(sseRawText).join("")).toBe(sse);
    expect(run.done).toBe(true);
    expect(run.usage).toMatchObject({
      input_tokens: 312,
      output_tokens: 87,
      cache_read_input_tokens: 2048,
      cache_creation_input_tokens: 1024,
      server_tool_use: { web_search_requests: 1 },
    });
  });

  it("turns an error event in the stream into the error it stands for", () => {
    const sse = fixtureText("anthropic/stream-error.chunks.txt");
    const run = readNativeStream(anthropicMessages, enc.encode(sse));
    expect(run.error).toBeInstanceOf(GatewayError);
    expect(anthropicErrorOf(run.error as GatewayError).type).toBe("overloaded_error");
    expect(run.done).toBe(false);
  });

  it("maps an error response, keeping retry-after", () => {
    const e = anthropicMessages.parseError(ctx(), {
      status: 429,
      headers: new Headers({ "retry-after": "7" }),
      body: fixtureText("anthropic/error-429.json"),
    });
    expect(anthropicErrorOf(e)).toEqual({ status: 429, type: "rate_limit_error" });
    expect(e.retryAfter).toBe(7);
  });
});
