import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { eventually } from "../helpers/keys.js";
import { sendJson } from "../helpers/mock-upstream.js";
import { startTaggedUpstream, type TaggedUpstream } from "../helpers/tagged-upstream.js";

// GET /health, GET /v1/model/info and per-deployment rpm limits, with the real Durable Object state.
let up: TaggedUpstream;
let gw: TestGateway;

const SECRET_OK = "sk-healthy-secret-0123456789";
const SECRET_BAD = "sk-revoked-secret-9876543210";

beforeAll(async () => {
  up = await startTaggedUpstream();
  gw = await startGateway({
    config: configWith(
      `
  - model_name: ok-model
    litellm_params: { model: openai/gpt-ok, api_key: ${SECRET_OK}, api_base: "${up.base("ok")}?key=${SECRET_OK}", extra_headers: { x-secret: ${SECRET_OK} } }
    model_info: { id: ok }
  - model_name: broken-model
    litellm_params: { model: openai/gpt-broken, api_key: ${SECRET_BAD}, api_base: ${up.base("broken")} }
    model_info: { id: broken }
  - model_name: limited
    litellm_params: { model: openai/m, api_key: sk-limited-key-000000, api_base: ${up.base("limited")}, rpm: 2 }
    model_info: { id: limited }
  - model_name: pair
    litellm_params: { model: openai/m, api_key: sk-pair-a-0000000000, api_base: ${up.base("pair-a")}, order: 1 }
    model_info: { id: pair-a }
  - model_name: pair
    litellm_params: { model: openai/m, api_key: sk-pair-b-0000000000, api_base: ${up.base("pair-b")}, order: 2 }
    model_info: { id: pair-b }`,
      `router_settings:\n  allowed_fails: 0\n  cooldown_time: 30\n`,
    ),
  });
  up.on("broken", (res) =>
    sendJson(res, 401, {
      error: {
        message: `Incorrect API key provided: sk-revo*****************3210. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: "invalid_request_error",
        code: "invalid_api_key",
      },
    }),
  );
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const ask = (model: string) =>
  gw.call("/v1/chat/completions", { body: { model, messages: [{ role: "user", content: "hi" }] } });

interface HealthBody {
  healthy_endpoints: Array<Record<string, unknown>>;
  unhealthy_endpoints: Array<Record<string, unknown>>;
  healthy_count: number;
  unhealthy_count: number;
}

describe("GET /health", () => {
  it("needs the master key", async () => {
    const res = await gw.call("/health", { headers: { authorization: "Bearer sk-nope" } });
    expect(res.status).toBe(401);
  });

  it("checks every deployment with a minimal call and lists healthy and unhealthy endpoints, never a key", async () => {
    const before = up.calls("ok").length;
    const res = await gw.call("/health");
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as HealthBody;
    expect(body.healthy_count).toBe(body.healthy_endpoints.length);
    expect(body.unhealthy_count).toBe(body.unhealthy_endpoints.length);
    expect(body.healthy_endpoints.map((e) => e.model_id).sort()).toEqual(["limited", "ok", "pair-a", "pair-b"]);
    expect(body.unhealthy_endpoints).toHaveLength(1);
    const bad = body.unhealthy_endpoints[0]!;
    expect(bad).toMatchObject({
      model: "openai/gpt-broken",
      model_name: "broken-model",
      model_id: "broken",
      status: 401,
      error_type: "AuthenticationError",
    });
    expect(String(bad.error)).toContain("Incorrect API key provided");
    expect(body.healthy_endpoints.find((e) => e.model_id === "ok")!.api_base).toBe(up.base("ok"));
    for (const s of [SECRET_OK, SECRET_BAD, "sk-revo", "3210.", "sk-limited", "sk-pair"]) expect(text).not.toContain(s);
    const probe = up.calls("ok").slice(before)[0]!.req.json() as Record<string, unknown>;
    expect(probe).toMatchObject({ model: "gpt-ok", max_tokens: 1 });
  });

  it("?model= checks one model group", async () => {
    const body = (await (await gw.call("/health?model=broken-model")).json()) as HealthBody;
    expect(body).toMatchObject({ healthy_count: 0, unhealthy_count: 1 });
  });
});

describe("rpm limits", () => {
  it("a deployment at its rpm is skipped; with nothing left, 429 with a retry-after", async () => {
    expect((await ask("limited")).status).toBe(200);
    expect((await ask("limited")).status).toBe(200);
    const res = await ask("limited");
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const err = ((await res.json()) as { error: { message: string; code: string } }).error;
    expect(err.code).toBe("no_deployments_available");
    expect(err.message).toContain("rpm/tpm limit");
    expect(up.calls("limited").filter((c) => !(c.req.json() as { max_tokens?: number }).max_tokens)).toHaveLength(2);
  });
});

describe("GET /v1/model/info", () => {
  it("lists deployments with their live state and no secrets", async () => {
    up.on("pair-a", (res) => sendJson(res, 503, { error: { message: "overloaded" } }));
    const served = await ask("pair");
    expect(served.headers.get("x-switchyard-model-id")).toBe("pair-b");
    // outcomes reach the routing state just after the response (batched per isolate)
    const text = await eventually(async () => {
      const res = await gw.call("/v1/model/info");
      expect(res.status).toBe(200);
      const t = await res.text();
      const live = (
        JSON.parse(t) as {
          data: Array<{ model_info: { id: string }; state: { cooling_down: boolean; rpm_used: number } | null }>;
        }
      ).data;
      const at = (id: string) => live.find((d) => d.model_info.id === id)?.state;
      return at("pair-a")?.cooling_down && at("pair-b")?.rpm_used === 1 ? t : undefined;
    }, "both outcomes in the group's state");
    for (const s of [SECRET_OK, SECRET_BAD, "sk-limited", "sk-pair", "x-secret", "api_key"])
      expect(text).not.toContain(s);
    const { data } = JSON.parse(text) as {
      data: Array<{
        model_name: string;
        litellm_params: Record<string, unknown>;
        model_info: { id: string };
        state: Record<string, unknown> | null;
      }>;
    };
    expect(data.map((d) => d.model_info.id)).toEqual(["ok", "broken", "limited", "pair-a", "pair-b"]);
    const byId = Object.fromEntries(data.map((d) => [d.model_info.id, d]));
    expect(byId.ok!.litellm_params).toEqual({ model: "openai/gpt-ok", api_base: up.base("ok") });
    expect(byId.ok!.state).toBeNull(); // a lone deployment without limits keeps no routing state
    expect(byId.limited!.state).toMatchObject({ rpm_used: 2, cooling_down: false });
    expect(byId["pair-a"]!.state).toMatchObject({
      cooling_down: true,
      cooldown_reason: "ServiceUnavailableError (503)",
      last_error: { status: 503 },
    });
    expect(byId["pair-a"]!.state!.cooldown_remaining_ms as number).toBeGreaterThan(25_000);
    expect(byId["pair-b"]!.state).toMatchObject({ cooling_down: false, rpm_used: 1 });
    const alias = await gw.call("/model/info");
    expect(alias.status).toBe(200);
  });

  it("needs a valid key", async () => {
    expect((await gw.call("/v1/model/info", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
  });
});
