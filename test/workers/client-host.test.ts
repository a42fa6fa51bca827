import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureJson } from "../helpers/fixtures.js";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";

// allow_client_side_credentials: a client may bring its own api_base and api_key. Then the host is the
// client's, and nothing the operator configured (extra_headers, which may hold secrets from os.environ;
// the provider key) travels with the request. Without a client api_base the configured host gets them.
const SECRET = "configured-header-secret-7731";
let vendor: MockUpstream;
let clientHost: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  const answer = (_r: unknown, res: Parameters<typeof sendJson>[0]) =>
    sendJson(res, 200, fixtureJson("openai/chat-completion.json"));
  vendor = await startMockUpstream(answer);
  clientHost = await startMockUpstream(answer);
  gw = await startGateway({
    config: configWith(`
  - model_name: byok
    litellm_params:
      model: openai/gpt-4o
      api_key: sk-configured-provider-key
      api_base: ${vendor.url}/v1
      allow_client_side_credentials: true
      extra_headers: { x-upstream-secret: os.environ/UPSTREAM_SECRET, x-team: blue }`),
    vars: { UPSTREAM_SECRET: SECRET },
  });
});
afterAll(async () => {
  await gw?.stop();
  await vendor?.close();
  await clientHost?.close();
});

const ask = (extra: Record<string, unknown> = {}) =>
  gw.call("/v1/chat/completions", {
    body: { model: "byok", messages: [{ role: "user", content: "hi" }], ...extra },
  });

describe("a client-chosen host", () => {
  it("receives the client's key and none of the configured headers or credentials", async () => {
    const res = await ask({ api_base: `${clientHost.url}/v1`, api_key: "sk-client-own-key" });
    expect(res.status).toBe(200);
    const got = clientHost.requests.at(-1)!;
    expect(got.headers.authorization).toBe("Bearer sk-client-own-key");
    expect(got.headers["x-upstream-secret"]).toBeUndefined();
    expect(got.headers["x-team"]).toBeUndefined();
    expect(JSON.stringify(got.headers)).not.toContain(SECRET);
    expect(JSON.stringify(got.headers)).not.toContain("sk-configured-provider-key");
  });

  it("the configured host still gets the configured headers, also with the client's own key", async () => {
    expect((await ask()).status).toBe(200);
    expect(vendor.requests.at(-1)!.headers["x-upstream-secret"]).toBe(SECRET);
    expect((await ask({ api_key: "sk-client-own-key" })).status).toBe(200);
    const got = vendor.requests.at(-1)!;
    expect(got.headers["x-upstream-secret"]).toBe(SECRET);
    expect(got.headers.authorization).toBe("Bearer sk-client-own-key");
  });
});
