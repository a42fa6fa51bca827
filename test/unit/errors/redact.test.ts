import { describe, expect, test } from "vitest";
import { redactSecrets, safeApiBase, secretValuesOf } from "../../../src/errors/redact.js";

describe("redaction", () => {
  test("removes the deployment's own secrets and anything shaped like a key", () => {
    const secrets = secretValuesOf({
      api_key: "my-custom-secret-123",
      aws_secret_access_key: "AKIA/very/secret",
      model: "gpt-4o",
      rpm: 5,
    });
    expect(secrets).toEqual(["my-custom-secret-123", "AKIA/very/secret"]);
    const text =
      "auth failed for my-custom-secret-123: Incorrect API key provided: sk-proj-abc***********xyz9. AIzaSyA1234567890abcdef";
    const out = redactSecrets(text, secrets);
    expect(out).not.toContain("my-custom-secret-123");
    expect(out).not.toContain("sk-proj");
    expect(out).not.toContain("xyz9");
    expect(out).not.toContain("AIzaSy");
    expect(out).toContain("Incorrect API key provided");
  });

  test("api_base loses user info and query string", () => {
    expect(safeApiBase("https://user:pass@example.com/v1/?key=abc#x")).toBe("https://example.com/v1");
    expect(safeApiBase(undefined)).toBeNull();
    expect(safeApiBase("not a url")).toBeNull();
  });
});
