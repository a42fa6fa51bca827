import { describe, expect, it } from "vitest";
import {
  anthropicErrorBody,
  anthropicErrorEvent,
  anthropicErrorOf,
  anthropicErrorResponse,
} from "../../../../src/codecs/messages/error.js";
import * as errors from "../../../../src/errors/gateway-error.js";
import { AnthropicErrorBody } from "../../../../src/anthropic/error.js";
import { parseAnthropicError } from "../../../../src/providers/anthropic/index.js";
import { fixtureText } from "../../../helpers/fixtures.js";

describe("gateway errors in Anthropic's shape", () => {
  it.each([
    [new errors.BadRequestError("bad"), 400, "invalid_request_error"],
    [new errors.ContextWindowExceededError("too long"), 400, "invalid_request_error"],
    [new errors.UnprocessableEntityError("bad"), 400, "invalid_request_error"],
    [new errors.AuthenticationError("no key"), 401, "authentication_error"],
    [new errors.BudgetExceededError("team budget spent"), 402, "billing_error"],
    [new errors.PermissionDeniedError("not your model"), 403, "permission_error"],
    [new errors.NotFoundError("no such group"), 404, "not_found_error"],
    [new errors.RequestTooLargeError("too big"), 413, "request_too_large"],
    [new errors.RateLimitError("slow down"), 429, "rate_limit_error"],
    [new errors.InternalServerError("oops"), 500, "api_error"],
    [new errors.BadGatewayError("upstream broke"), 502, "api_error"],
    [new errors.APIConnectionError("unreachable"), 502, "api_error"],
    [new errors.ServiceUnavailableError("no healthy deployment"), 529, "overloaded_error"],
    [new errors.TimeoutError("too slow"), 504, "timeout_error"],
  ])("%s → %i %s", (e, status, type) => {
    expect(anthropicErrorOf(e)).toEqual({ status, type });
  });

  it("keeps Anthropic's own type for an error that came from Anthropic", () => {
    const res = (status: number, name: string) =>
      parseAnthropicError({ status, headers: new Headers(), body: fixtureText(`anthropic/${name}`) });
    expect(anthropicErrorOf(res(529, "error-529.json"))).toEqual({ status: 529, type: "overloaded_error" });
    expect(anthropicErrorOf(res(429, "error-429.json"))).toEqual({ status: 429, type: "rate_limit_error" });
  });

  it("renders the body, status and retry-after of a 429", async () => {
    const res = anthropicErrorResponse(
      new errors.RateLimitError("key rpm limit reached", {
        retryAfter: 12.2,
        headers: { "x-switchyard-model-group": "g" },
      }),
      "req_1",
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("13");
    expect(res.headers.get("x-switchyard-model-group")).toBe("g");
    expect(res.headers.get("request-id")).toBe("req_1");
    expect(AnthropicErrorBody.parse(await res.json())).toEqual({
      type: "error",
      error: { type: "rate_limit_error", message: "key rpm limit reached" },
      request_id: "req_1",
    });
  });

  it("makes the in-stream error event of the same shape", () => {
    const e = new errors.ServiceUnavailableError("all deployments cooling down");
    expect(anthropicErrorEvent(e)).toEqual({
      type: "error",
      error: { type: "overloaded_error", message: "all deployments cooling down" },
    });
    expect(anthropicErrorBody(e)).toEqual(anthropicErrorEvent(e));
  });
});
