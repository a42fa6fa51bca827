import { describe, expect, it } from "vitest";
import { bedrockAdapter } from "../../../../src/providers/bedrock/index.js";
import { HELLO, fixtureJson, makeCtx } from "./context.js";

interface ErrorFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function parseFixture(name: string, mutate?: (f: ErrorFixture) => void) {
  const f = fixtureJson<ErrorFixture>(name);
  mutate?.(f);
  return bedrockAdapter.parseError(makeCtx({ request: { messages: HELLO } }), {
    status: f.status,
    headers: new Headers(f.headers),
    body: typeof f.body === "string" ? f.body : JSON.stringify(f.body),
  });
}

describe("bedrock HTTP errors", () => {
  it.each([
    ["error-400-input-too-long.json", "ContextWindowExceededError", 400, "context_length_exceeded"],
    ["error-400-prompt-too-long.json", "ContextWindowExceededError", 400, "context_length_exceeded"],
    ["error-400-validation.json", "BadRequestError", 400, "validationexception"],
    ["error-403-access-denied.json", "PermissionDeniedError", 403, "accessdeniedexception"],
    ["error-403-unrecognized-client.json", "AuthenticationError", 401, "unrecognizedclientexception"],
    ["error-403-invalid-signature.json", "AuthenticationError", 401, "invalidsignatureexception"],
    ["error-404-not-found.json", "NotFoundError", 404, "resourcenotfoundexception"],
    ["error-408-model-timeout.json", "TimeoutError", 408, "modeltimeoutexception"],
    ["error-424-model-error.json", "BadGatewayError", 502, "modelerrorexception"],
    ["error-429-throttling.json", "RateLimitError", 429, "throttlingexception"],
    ["error-429-model-not-ready.json", "ServiceUnavailableError", 503, "modelnotreadyexception"],
    ["error-500-internal.json", "InternalServerError", 500, "internalserverexception"],
    ["error-503-unavailable.json", "ServiceUnavailableError", 503, "serviceunavailableexception"],
  ])("%s → %s (%d)", (fixture, kind, status, code) => {
    const e = parseFixture(fixture);
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.code).toBe(code);
    expect(e.provider).toBe("bedrock");
    expect(e.message.startsWith("bedrock error: ")).toBe(true);
  });

  it("keeps Bedrock's message text", () => {
    expect(parseFixture("error-404-not-found.json").message).toBe(
      "bedrock error: Could not resolve the foundation model from the provided model identifier.",
    );
  });

  it("keeps retry-after on a throttling error", () => {
    expect(parseFixture("error-429-throttling.json").retryAfter).toBe(7);
    expect(
      parseFixture("error-429-throttling.json", (f) => delete f.headers["retry-after"]).retryAfter,
    ).toBeUndefined();
  });

  it("never echoes the canonical request of a signature error (it holds the session token)", () => {
    const e = parseFixture("error-403-invalid-signature.json");
    expect(e.message).not.toContain("x-amz-security-token");
    expect(e.message).not.toContain("FwoGZXIvYXdzEXAMPLE-SESSION-TOKEN");
    expect(e.message).toContain("does not match the signature you provided");
  });

  it("reads the error class from __type when the header is missing, and the capitalised Message field", () => {
    const e = parseFixture("error-400-validation.json", (f) => {
      delete f.headers["x-amzn-errortype"];
      f.body = { __type: "com.amazon.coral.validate#ThrottlingException", Message: "slow down" };
    });
    expect(e.kind).toBe("RateLimitError");
    expect(e.message).toBe("bedrock error: slow down");
  });

  it("falls back to the status for an unknown class or a non-JSON body", () => {
    const e = parseFixture("error-500-internal.json", (f) => {
      f.status = 502;
      delete f.headers["x-amzn-errortype"];
      f.body = "<html>Bad Gateway</html>";
    });
    expect(e.kind).toBe("BadGatewayError");
    expect(e.message).toBe("bedrock error: <html>Bad Gateway</html>");
  });

  it("a 403 without a class whose message is about the signature is an authentication error", () => {
    const e = parseFixture("error-403-access-denied.json", (f) => {
      delete f.headers["x-amzn-errortype"];
      f.body = { message: "The request signature we calculated does not match the signature you provided." };
    });
    expect(e.kind).toBe("AuthenticationError");
  });
});

it("an IAM denial (not authorized to perform) stays a permission error", () => {
  const e = bedrockAdapter.parseError(makeCtx({ request: { messages: HELLO } }), {
    status: 403,
    headers: new Headers(),
    body: JSON.stringify({
      message:
        "User: arn:aws:iam::123456789012:user/app is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/x",
    }),
  });
  expect(e.kind).toBe("PermissionDeniedError");
});
