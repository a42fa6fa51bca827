import { describe, expect, it } from "vitest";
import { ollamaAdapter } from "../../../../src/providers/ollama/index.js";
import { HELLO, fixtureText, makeCtx } from "./context.js";

const parse = (status: number, body: string, headers: Record<string, string> = {}) =>
  ollamaAdapter.parseError(makeCtx({ request: { messages: HELLO } }), { status, headers: new Headers(headers), body });

describe("ollama errors", () => {
  it.each([
    [404, "error-404.json", "NotFoundError", 404],
    [400, "error-400.json", "BadRequestError", 400],
    [401, "error-401.json", "AuthenticationError", 401],
    [429, "error-429.json", "RateLimitError", 429],
    [500, "error-500.json", "InternalServerError", 500],
  ])("maps HTTP %i (%s) to %s", (status, file, kind, outStatus) => {
    const body = fixtureText(file);
    const e = parse(status, body);
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(outStatus);
    expect(e.provider).toBe("ollama");
    expect(e.message).toContain((JSON.parse(body) as { error: string }).error);
  });

  it("treats a missing model as NotFound even under another status", () => {
    expect(parse(400, '{"error":"model \\"llama9\\" not found, try pulling it first"}').kind).toBe("NotFoundError");
  });

  it("maps a context-length 400 to ContextWindowExceeded", () => {
    expect(parse(400, '{"error":"input length exceeds the context length"}').kind).toBe("ContextWindowExceededError");
  });

  it("keeps retry-after, and the text of a non-JSON body", () => {
    expect(parse(429, fixtureText("error-429.json"), { "retry-after": "30" }).retryAfter).toBe(30);
    const e = parse(502, "<html>upstream down</html>");
    expect(e.kind).toBe("BadGatewayError");
    expect(e.message).toContain("upstream down");
  });
});
