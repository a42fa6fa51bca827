import { describe, expect, it } from "vitest";
import { anthropicStreamError, parseAnthropicError } from "../../../../src/providers/anthropic/index.js";
import { fixtureText } from "./context.js";

const parse = (status: number, fixture: string, headers: Record<string, string> = {}) =>
  parseAnthropicError({ status, headers: new Headers(headers), body: fixtureText(fixture) });

describe("anthropic errors", () => {
  it.each([
    [400, "error-400-invalid.json", "BadRequestError", 400, "invalid_request_error"],
    [400, "error-400-prompt-too-long.json", "ContextWindowExceededError", 400, "context_length_exceeded"],
    [400, "error-400-context-limit.json", "ContextWindowExceededError", 400, "context_length_exceeded"],
    [401, "error-401.json", "AuthenticationError", 401, "authentication_error"],
    [403, "error-403.json", "PermissionDeniedError", 403, "permission_error"],
    [404, "error-404.json", "NotFoundError", 404, "not_found_error"],
    [413, "error-413.json", "RequestTooLargeError", 413, "request_too_large"],
    [429, "error-429.json", "RateLimitError", 429, "rate_limit_error"],
    [500, "error-500.json", "InternalServerError", 500, "api_error"],
    [529, "error-529.json", "ServiceUnavailableError", 503, "overloaded_error"],
  ])("HTTP %i (%s) → %s", (status, fixture, kind, gatewayStatus, code) => {
    const e = parse(status, fixture);
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(gatewayStatus);
    expect(e.code).toBe(code);
    expect(e.provider).toBe("anthropic");
  });

  it("keeps the upstream message", () => {
    expect(parse(404, "error-404.json").message).toContain("model: claude-nonexistent");
  });

  it("keeps retry-after on rate limits and marks them retryable", () => {
    const e = parse(429, "error-429.json", { "retry-after": "17" });
    expect(e.retryAfter).toBe(17);
    expect(e.retryable).toBe(true);
  });

  it("marks overloaded and server errors retryable, client errors not", () => {
    expect(parse(529, "error-529.json").retryable).toBe(true);
    expect(parse(500, "error-500.json").retryable).toBe(true);
    expect(parse(400, "error-400-invalid.json").retryable).toBe(false);
  });

  it("falls back to the raw text for a non-JSON body", () => {
    const e = parseAnthropicError({ status: 502, headers: new Headers(), body: "<html>Bad Gateway</html>" });
    expect(e.status).toBe(502);
    expect(e.message).toContain("Bad Gateway");
  });

  it("names the provider it is given (Vertex reuse)", () => {
    const e = parseAnthropicError(
      { status: 429, headers: new Headers(), body: fixtureText("error-429.json") },
      { provider: "vertex_ai" },
    );
    expect(e.provider).toBe("vertex_ai");
    expect(e.message).toMatch(/^vertex_ai error:/);
  });

  it.each([
    ["overloaded_error", 503, "ServiceUnavailableError"],
    ["rate_limit_error", 429, "RateLimitError"],
    ["api_error", 500, "InternalServerError"],
    ["invalid_request_error", 400, "BadRequestError"],
    ["something_new", 500, "InternalServerError"],
  ])("in-stream error type %s → %i %s", (type, status, kind) => {
    const e = anthropicStreamError(JSON.stringify({ type: "error", error: { type, message: "boom" } }));
    expect([e.status, e.kind]).toEqual([status, kind]);
  });
});
