import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { sendJson, startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { fixtureJson } from "../helpers/fixtures.js";

let up: MockUpstream;
let gw: TestGateway;
let noKey: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => sendJson(res, 200, fixtureJson("openai/chat-completion.json")));
  gw = await startGateway({
    config: `${configWith(
      `  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-upstream-secret, api_base: ${up.url}/v1 }
  - model_name: mistral
    litellm_params: { model: mistral/mistral-large-latest, api_key: sk-m, api_base: ${up.url}/v1 }`,
    )}  max_request_size_mb: 0.01\n`,
  });
  noKey = await startGateway({
    config: `model_list:\n  - model_name: gpt-4o\n    litellm_params: { model: openai/gpt-4o, api_key: k, api_base: ${up.url}/v1 }\n`,
  });
});
afterAll(async () => {
  await gw?.stop();
  await noKey?.stop();
  await up?.close();
});

const hi = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] };

async function expectError(
  res: Response,
  status: number,
  match: { type?: string; param?: string | null; code?: string; message?: RegExp },
) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
  if (match.type) expect(body.error.type).toBe(match.type);
  if (match.param !== undefined) expect(body.error.param).toBe(match.param);
  if (match.code) expect(body.error.code).toBe(match.code);
  if (match.message) expect(body.error.message).toMatch(match.message);
  return body.error;
}

describe("auth", () => {
  it("health probes need no key", async () => {
    const live = await fetch(`${gw.url}/health/liveliness`);
    expect(live.status).toBe(200);
    expect(await live.json()).toBe("I'm alive!");
    const ready = await fetch(`${gw.url}/health/readiness`);
    expect(await ready.json()).toMatchObject({ status: "healthy" });
  });

  it("accepts the master key as Bearer, x-api-key and api-key", async () => {
    const variants: Array<Record<string, string>> = [
      { authorization: `Bearer ${MASTER_KEY}` },
      { "x-api-key": MASTER_KEY },
      { "api-key": MASTER_KEY },
    ];
    for (const headers of variants) {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(hi),
      });
      expect(res.status).toBe(200);
    }
  });

  it("refuses a missing or wrong key with 401, without echoing it", async () => {
    await expectError(await gw.call("/v1/chat/completions", { body: hi, headers: { authorization: "" } }), 401, {
      type: "authentication_error",
      code: "missing_api_key",
    });
    const e = await expectError(
      await gw.call("/v1/models", { headers: { authorization: "Bearer sk-guess-123" } }),
      401,
      { code: "invalid_api_key" },
    );
    expect(JSON.stringify(e)).not.toContain("sk-guess-123");
  });

  it("with no master key configured, model routes say how to set one", async () => {
    await expectError(await noKey.call("/v1/chat/completions", { body: hi }), 401, {
      code: "no_master_key",
      message: /general_settings\.master_key/,
    });
    await expectError(await noKey.call("/v1/models"), 401, { code: "no_master_key" });
    expect((await fetch(`${noKey.url}/health/liveliness`)).status).toBe(200);
  });
});

describe("bad requests", () => {
  it("malformed JSON → 400", async () => {
    await expectError(await gw.call("/v1/chat/completions", { body: '{"model": "gpt-4o",' }), 400, {
      type: "invalid_request_error",
      code: "invalid_json",
    });
  });

  it("schema violations → 400 naming the field", async () => {
    await expectError(await gw.call("/v1/chat/completions", { body: { model: "gpt-4o" } }), 400, {
      param: "messages",
      message: /messages/,
    });
    await expectError(await gw.call("/v1/chat/completions", { body: { ...hi, temperature: 7 } }), 400, {
      param: "temperature",
      message: /temperature/,
    });
    await expectError(
      await gw.call("/v1/chat/completions", {
        body: { model: "gpt-4o", messages: [{ role: "wizard", content: "x" }] },
      }),
      400,
      { param: "messages[0].role" },
    );
  });

  it("unknown model → 400 naming it", async () => {
    await expectError(await gw.call("/v1/chat/completions", { body: { ...hi, model: "gpt-9" } }), 400, {
      param: "model",
      code: "model_not_found",
      message: /"gpt-9"/,
    });
  });

  it("a body over the configured size → 413", async () => {
    const big = { ...hi, messages: [{ role: "user", content: "x".repeat(20_000) }] };
    await expectError(await gw.call("/v1/chat/completions", { body: big }), 413, { code: "request_too_large" });
  });

  it("an unsupported parameter → 400 naming it (drop_params off)", async () => {
    await expectError(
      await gw.call("/v1/chat/completions", { body: { ...hi, model: "mistral", logit_bias: { "50256": -100 } } }),
      400,
      { param: "logit_bias", code: "unsupported_parameter" },
    );
  });

  it("a client api_base or api_key is refused and never reaches any host", async () => {
    const before = up.requests.length;
    await expectError(
      await gw.call("/v1/chat/completions", { body: { ...hi, api_base: "http://127.0.0.1:1/v1" } }),
      400,
      { param: "api_base", code: "client_credentials_not_allowed" },
    );
    await expectError(
      await gw.call("/v1/chat/completions", { body: { ...hi, base_url: "http://127.0.0.1:1/v1" } }),
      400,
      { param: "base_url" },
    );
    await expectError(await gw.call("/v1/chat/completions", { body: { ...hi, api_key: "sk-other" } }), 400, {
      param: "api_key",
    });
    expect(up.requests.length).toBe(before);
  });

  it("unknown routes are OpenAI-shaped 404s", async () => {
    await expectError(await gw.call("/v1/nothing"), 404, { type: "not_found_error" });
  });
});
