import { describe, expect, it } from "vitest";
import type { SpendRecord } from "../../../src/state/spend-record.js";
import { RateLimitError } from "../../../src/errors/gateway-error.js";
import { buildRequestLog, RequestLog } from "../../../src/observability/request-log.js";

const record: SpendRecord = {
  request_id: "r1",
  created_at: 1_000_000,
  key_hash: "h",
  key_alias: "svc",
  team_id: "t",
  user_id: "u",
  end_user: "e",
  model_group: "gpt",
  requested_model: "gpt",
  deployment_id: "d1",
  provider: "openai",
  model: "gpt-4o",
  prompt_tokens: 3,
  completion_tokens: 4,
  cached_tokens: 0,
  reasoning_tokens: 0,
  cost_micros: 10,
  status: 200,
  error_type: null,
  latency_ms: 500,
  ttft_ms: null,
  stream: false,
  attempted_retries: 0,
  attempted_fallbacks: 0,
  tags: ["a"],
  metadata: {},
  operation: "chat",
};

describe("buildRequestLog", () => {
  it("merges tags from the body, metadata.tags and x-switchyard-tags, in order, without duplicates or blanks", () => {
    const log = buildRequestLog({
      record,
      operation: "chat_completion",
      body: { tags: ["b", "a"], metadata: { tags: ["c", 5] } },
      headers: new Headers({ "x-switchyard-tags": " d , ,b" }),
      redactMessages: false,
    });
    expect(log.tags).toEqual(["a", "b", "c", "d"]);
    expect(RequestLog.parse(log)).toEqual(log);
  });

  it("keeps only the API host, and the gateway's share of the latency", () => {
    const log = buildRequestLog({
      record,
      operation: "chat_completion",
      apiBase: "https://user:secret@example.openai.azure.com/openai?api-key=k",
      llmApiLatencyMs: 420,
      redactMessages: false,
    });
    expect(log.api_base_host).toBe("example.openai.azure.com");
    expect(log.llm_api_latency_ms).toBe(420);
    expect(log.overhead_ms).toBe(80);
  });

  it("names the error class and removes secrets from its message", () => {
    const log = buildRequestLog({
      record: { ...record, status: 429 },
      operation: "chat_completion",
      error: new RateLimitError("limit for key sk-live-abcdefghijkl and secret-value-123 reached"),
      secrets: ["secret-value-123"],
      redactMessages: false,
    });
    expect(log.error_class).toBe("RateLimitError");
    expect(log.error_message).toBe("limit for key [redacted] and [redacted] reached");
  });

  it("with message logging off, carries no content and no error text", () => {
    const log = buildRequestLog({
      record: { ...record, status: 400 },
      operation: "chat_completion",
      error: new Error("bad request: the prompt was 'my secret plan'"),
      content: { messages: [{ role: "user", content: "my secret plan" }] },
      redactMessages: true,
    });
    expect(log.content).toBeNull();
    expect(log.error_message).toBe("InternalServerError (400)");
    expect(JSON.stringify(log)).not.toContain("secret plan");
  });
});
