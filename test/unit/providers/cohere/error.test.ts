import { describe, expect, it } from "vitest";
import { cohereAdapter } from "../../../../src/providers/cohere/index.js";
import { HELLO, fixtureText, makeCtx } from "./context.js";

const parse = (status: number, body: string, headers: Record<string, string> = {}) =>
  cohereAdapter.parseError(makeCtx({ request: { messages: HELLO } }), { status, headers: new Headers(headers), body });

describe("cohere errors", () => {
  it.each([
    [400, "error-400.json", "BadRequestError", 400],
    [400, "error-400-too-many-tokens.json", "ContextWindowExceededError", 400],
    [401, "error-401.json", "AuthenticationError", 401],
    [402, "error-402.json", "RateLimitError", 429],
    [404, "error-404.json", "NotFoundError", 404],
    [422, "error-422.json", "UnprocessableEntityError", 422],
    [429, "error-429.json", "RateLimitError", 429],
    [499, "error-499.json", "APIConnectionError", 502],
    [500, "error-500.json", "InternalServerError", 500],
    [503, "error-503.json", "ServiceUnavailableError", 503],
  ])("maps HTTP %i (%s) to %s", (status, file, kind, outStatus) => {
    const body = fixtureText(file);
    const e = parse(status, body);
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(outStatus);
    expect(e.provider).toBe("cohere");
    expect(e.message).toContain((JSON.parse(body) as { message: string }).message.slice(0, 30));
  });

  it("marks billing errors as insufficient_quota, like OpenAI", () => {
    expect(parse(402, fixtureText("error-402.json")).code).toBe("insufficient_quota");
  });

  it("keeps retry-after on rate limits", () => {
    expect(parse(429, fixtureText("error-429.json"), { "retry-after": "12" }).retryAfter).toBe(12);
  });

  it("treats a deny-listed token (498) as a content-policy violation", () => {
    expect(parse(498, '{"message":"blocked token"}').kind).toBe("ContentPolicyViolationError");
  });

  it("keeps a non-JSON body's text", () => {
    const e = parse(502, "<html>Bad gateway</html>");
    expect(e.kind).toBe("BadGatewayError");
    expect(e.message).toContain("Bad gateway");
  });

  it("never echoes the API key", () => {
    const e = parse(401, fixtureText("error-401.json"));
    expect(e.message).not.toContain("co-test-key");
  });
});
