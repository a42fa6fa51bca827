import { describe, expect, it } from "vitest";
import { geminiAdapter } from "../../../../src/providers/gemini/index.js";
import { HELLO, fixtureText, makeCtx } from "./context.js";

function parseError(status: number, body: string, headers: Record<string, string> = {}) {
  return geminiAdapter.parseError(makeCtx({ request: { messages: HELLO } }), {
    status,
    headers: new Headers(headers),
    body,
  });
}

describe("gemini errors", () => {
  it.each([
    ["error-400-invalid.json", 400, "BadRequestError", 400, false],
    ["error-400-token-limit.json", 400, "ContextWindowExceededError", 400, false],
    ["error-400-api-key.json", 400, "AuthenticationError", 401, false],
    ["error-401.json", 401, "AuthenticationError", 401, false],
    ["error-403.json", 403, "PermissionDeniedError", 403, false],
    ["error-404.json", 404, "NotFoundError", 404, false],
    ["error-429.json", 429, "RateLimitError", 429, true],
    ["error-500.json", 500, "InternalServerError", 500, true],
    ["error-503.json", 503, "ServiceUnavailableError", 503, true],
    ["error-504.json", 504, "TimeoutError", 408, true],
  ])("%s (HTTP %i) → %s", (fixture, status, kind, gatewayStatus, retryable) => {
    const e = parseError(status, fixtureText(fixture));
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(gatewayStatus);
    expect(e.retryable).toBe(retryable);
    expect(e.provider).toBe("gemini");
    expect(e.message).toMatch(/^gemini error: /);
  });

  it("keeps the upstream message and rpc status", () => {
    const e = parseError(404, fixtureText("error-404.json"));
    expect(e.message).toContain("models/gemini-9-ultra is not found");
    expect(e.code).toBe("NOT_FOUND");
    expect(parseError(400, fixtureText("error-400-token-limit.json")).code).toBe("context_length_exceeded");
  });

  it("takes retry-after from RetryInfo, or from the header when present", () => {
    expect(parseError(429, fixtureText("error-429.json")).retryAfter).toBe(37);
    expect(parseError(429, fixtureText("error-429.json"), { "retry-after": "5" }).retryAfter).toBe(5);
  });

  it("reads Vertex's array-wrapped error bodies", () => {
    const body = JSON.stringify([
      { error: { code: 429, message: "Resource exhausted. Please try again later.", status: "RESOURCE_EXHAUSTED" } },
    ]);
    expect(parseError(429, body)).toMatchObject({
      kind: "RateLimitError",
      message: "gemini error: Resource exhausted. Please try again later.",
    });
  });

  it("falls back to the HTTP status and raw text for a body that is not a Google error", () => {
    const e = parseError(502, "<html>Bad Gateway</html>");
    expect(e.kind).toBe("BadGatewayError");
    expect(e.message).toBe("gemini error: <html>Bad Gateway</html>");
  });
});
