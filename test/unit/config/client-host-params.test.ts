import { describe, expect, it } from "vitest";
import { paramsForClientHost } from "../../../src/config/client-host-params.js";
import type { LitellmParams } from "../../../src/config/schema.js";

describe("params for a client-chosen host", () => {
  it("keep the gateway's own settings and drop every configured header, key and credential", () => {
    const configured = {
      model: "bedrock/anthropic.claude-3",
      api_key: "sk-operator",
      api_base: "https://vendor.example",
      extra_headers: { "x-secret": "s" },
      aws_access_key_id: "AKIA",
      aws_secret_access_key: "secret",
      vertex_credentials: "{}",
      account_id: "acct",
      organization: "org-operator",
      timeout: 30,
      rpm: 10,
      drop_params: true,
    } as LitellmParams;
    expect(
      paramsForClientHost(configured, { api_base: "https://client.example", api_key: "sk-client", api_version: "v2" }),
    ).toEqual({
      model: "bedrock/anthropic.claude-3",
      api_base: "https://client.example",
      api_key: "sk-client",
      api_version: "v2",
      timeout: 30,
      rpm: 10,
      drop_params: true,
    });
  });
});
