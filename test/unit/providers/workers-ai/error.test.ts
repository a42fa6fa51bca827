import { describe, expect, it } from "vitest";
import { workersAiAdapter } from "../../../../src/providers/workers-ai/index.js";
import { HELLO, fixtureText, makeCtx } from "./context.js";

const parse = (status: number, body: string, headers: Record<string, string> = {}) =>
  workersAiAdapter.parseError(makeCtx({ request: { messages: HELLO } }), {
    status,
    headers: new Headers(headers),
    body,
  });

describe("workers_ai errors", () => {
  it.each([
    [400, "error-400-no-such-model.json", "NotFoundError", 404, "No such model"],
    [401, "error-401.json", "AuthenticationError", 401, "Authentication error"],
    [403, "error-403.json", "PermissionDeniedError", 403, "model terms"],
    [413, "error-413.json", "RequestTooLargeError", 413, "too large"],
    [429, "error-429.json", "RateLimitError", 429, "daily free allocation"],
    [500, "error-500.json", "InternalServerError", 500, "upstream failure"],
    [400, "error-400-openai.json", "ContextWindowExceededError", 400, "maximum context length"],
  ])("maps HTTP %i (%s) to %s", (status, file, kind, outStatus, text) => {
    const e = parse(status, fixtureText(file));
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(outStatus);
    expect(e.provider).toBe("workers_ai");
    expect(e.message).toContain(text);
  });

  it("keeps the Workers AI error code", () => {
    expect(parse(429, fixtureText("error-429.json")).code).toBe("3036");
  });

  it("keeps retry-after, and the text of a non-JSON body", () => {
    expect(parse(429, fixtureText("error-429.json"), { "retry-after": "5" }).retryAfter).toBe(5);
    const e = parse(503, "upstream connect error");
    expect(e.kind).toBe("ServiceUnavailableError");
    expect(e.message).toContain("upstream connect error");
  });

  it("never echoes the API token", () => {
    expect(parse(401, fixtureText("error-401.json")).message).not.toContain("cf-test-token");
  });
});
