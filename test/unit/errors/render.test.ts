import { describe, expect, it } from "vitest";
import { classifyClientError, errorForStatus, RateLimitError } from "../../../src/errors/gateway-error.js";
import { errorResponse } from "../../../src/errors/render.js";

describe("error classes", () => {
  it.each([
    [400, "BadRequestError", 400],
    [401, "AuthenticationError", 401],
    [403, "PermissionDeniedError", 403],
    [404, "NotFoundError", 404],
    [408, "TimeoutError", 408],
    [422, "UnprocessableEntityError", 422],
    [429, "RateLimitError", 429],
    [500, "InternalServerError", 500],
    [502, "BadGatewayError", 502],
    [503, "ServiceUnavailableError", 503],
    [529, "ServiceUnavailableError", 503],
    [504, "TimeoutError", 408],
  ])("upstream %i → %s (%i)", (status, kind, out) => {
    const e = errorForStatus(status, "m");
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(out);
  });

  it("tells context-window and content-policy 400s apart", () => {
    expect(classifyClientError(400, "This model's maximum context length is 8192 tokens").kind).toBe(
      "ContextWindowExceededError",
    );
    expect(classifyClientError(400, "x", { code: "content_filter" }).kind).toBe("ContentPolicyViolationError");
    expect(classifyClientError(400, "temperature must be <= 2").kind).toBe("BadRequestError");
  });

  it("renders the OpenAI error body with retry-after", async () => {
    const res = errorResponse(new RateLimitError("slow down", { retryAfter: 2.2, code: "rate_limit_exceeded" }));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({
      error: { message: "slow down", type: "rate_limit_error", param: null, code: "rate_limit_exceeded" },
    });
  });
});
