import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import {
  admin,
  adminAs,
  callAs,
  chat,
  eventually,
  json,
  newKey,
  pricedModels,
  replyJson,
  usage,
} from "../helpers/keys.js";

// Models managed at runtime, model access groups, model info, /routes, readiness and the audit log on workerd.
let up: MockUpstream;
let gw: TestGateway;
const VENDOR_SECRET = "sk-upstream-secret-value-42";

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(1, 1)));
  const models = `${pricedModels(up.url)}
    model_info: { id: cfg-pricey, access_groups: [beta] }`;
  gw = await startGateway({
    config: configWith(models, "router_settings:\n  model_group_alias: { cheap: priced }\n"),
    vars: { SWITCHYARD_SALT_KEY: "a-long-random-salt-key-for-tests" },
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const ids = (list: { data: Array<{ id: string }> }) => list.data.map((m) => m.id);

describe("models managed at runtime", () => {
  it("/model/new stores the deployment with its credentials sealed, never shown; config models stay read-only", async () => {
    const created = await admin(gw, "/model/new", {
      model_name: "runtime-gpt",
      litellm_params: { model: "openai/rt-model", api_key: VENDOR_SECRET, api_base: `${up.url}/v1`, rpm: 10 },
      model_info: { id: "rt-1", access_groups: ["beta"] },
    });
    expect(created).toMatchObject({
      model_id: "rt-1",
      litellm_params: { model: "openai/rt-model", api_key: "***", rpm: 10 },
      model_info: { db_model: true, access_groups: ["beta"] },
    });
    const db = await gw.mf.getD1Database("DB");
    const stored = JSON.stringify((await db.prepare("SELECT * FROM model_deployments").all()).results);
    expect(stored).toContain("rt-1");
    expect(stored).not.toContain(VENDOR_SECRET);

    const info = await admin(gw, "/model/info");
    const byId = new Map(info.data.map((e: { model_info: { id: string } }) => [e.model_info.id, e]));
    expect(byId.get("cfg-pricey")).toMatchObject({ model_name: "pricey", model_info: { db_model: false } });
    expect(byId.get("rt-1")).toMatchObject({
      model_name: "runtime-gpt",
      litellm_params: { api_key: "***" },
      model_info: { db_model: true },
    });
    expect(JSON.stringify(info)).not.toContain(VENDOR_SECRET);
    expect((await admin(gw, "/v2/model/info?litellm_model_id=rt-1")).data).toHaveLength(1);
    const group = (await admin(gw, "/model_group/info?model_group=runtime-gpt")).data;
    expect(group).toEqual([
      expect.objectContaining({ model_group: "runtime-gpt", providers: ["openai"], rpm: 10, db_model: true }),
    ]);

    const readOnly = await gw.call("/model/update", {
      body: { model_info: { id: "cfg-pricey" }, litellm_params: { rpm: 1 } },
    });
    expect(readOnly.status).toBe(400);
    expect((await json(readOnly)).error).toMatchObject({ code: "config_model_read_only" });
    expect((await json(await gw.call("/model/delete", { body: { id: "cfg-pricey" } }))).error.message).toContain(
      "config.yaml",
    );
  });

  it("/model/update changes params and credentials; /model/delete removes it; every write bumps the version row", async () => {
    const db = await gw.mf.getD1Database("DB");
    const version = async () =>
      Number((await db.prepare("SELECT version FROM model_deployments_version").first<{ version: number }>())!.version);
    await admin(gw, "/model/new", {
      model_name: "to-change",
      litellm_params: { model: "openai/x", api_key: "sk-first" },
      model_info: { id: "rt-2" },
    });
    const v0 = await version();
    const changed = await admin(gw, "/model/rt-2/update", { litellm_params: { rpm: 7, api_key: "sk-second" } });
    expect(changed).toMatchObject({ litellm_params: { rpm: 7, api_key: "***" } });
    expect(await version()).toBe(v0 + 1);
    const row = JSON.stringify(await db.prepare("SELECT data FROM model_deployments WHERE model_id = 'rt-2'").first());
    expect(row).not.toContain("sk-second");
    await admin(gw, "/model/update", { model_id: "rt-2", litellm_params: { rpm: null } });
    expect((await admin(gw, "/v2/model/info?litellm_model_id=rt-2")).data[0].litellm_params.rpm).toBeUndefined();
    await admin(gw, "/model/delete", { id: "rt-2" });
    expect(await version()).toBe(v0 + 3);
    expect((await gw.call("/model/delete", { body: { id: "rt-2" } })).status).toBe(404);
    const bad = await gw.call("/model/new", { body: { model_name: "x", litellm_params: { model: "nope/x" } } });
    expect((await json(bad)).error.param).toBe("litellm_params.model");
  });

  it("without SWITCHYARD_SALT_KEY /model/new is refused with a message saying how to set it", async () => {
    const bare = await startGateway({ config: configWith(pricedModels(up.url)) });
    try {
      const res = await bare.call("/model/new", { body: { model_name: "x", litellm_params: { model: "openai/x" } } });
      expect(res.status).toBe(500);
      const body = await json(res);
      expect(body.error.code).toBe("no_salt_key");
      expect(body.error.message).toContain("wrangler secret put SWITCHYARD_SALT_KEY");
    } finally {
      await bare.stop();
    }
  }, 60_000);
});

describe("model access groups", () => {
  it("a key naming a group may call the group's models, and /v1/models lists them as LiteLLM does", async () => {
    const k = await newKey(gw, { models: ["beta"], aliases: { mine: "pricey" } });
    expect((await chat(gw, k.key, { model: "pricey" })).status).toBe(200);
    expect((await chat(gw, k.key, { model: "mine" })).status).toBe(200);
    expect((await chat(gw, k.key, { model: "priced" })).status).toBe(403);
    const headers = { authorization: `Bearer ${k.key}` };
    // the runtime model rt-1 ("runtime-gpt") is in the group too; no key aliases are listed
    expect(ids(await json(await gw.call("/v1/models", { headers })))).toEqual(["pricey", "runtime-gpt"]);
    expect(ids(await json(await gw.call("/v1/models?only_model_access_groups=true", { headers })))).toEqual(["beta"]);
    expect(ids(await json(await gw.call("/v1/models?include_model_access_groups=true", { headers })))).toEqual([
      "pricey",
      "runtime-gpt",
      "beta",
    ]);
    expect(ids(await json(await gw.call("/v1/models")))).toEqual(["priced", "pricey", "runtime-gpt", "cheap"]);
    // model info follows the same access (config and runtime models of the group)
    const info = await adminAs(gw, k.key, "/model/info");
    expect(info.data.map((e: { model_name: string }) => e.model_name).sort()).toEqual(["pricey", "runtime-gpt"]);
    // a team naming the group limits its keys the same way
    const t = await admin(gw, "/team/new", { models: ["beta"] });
    const tk = await newKey(gw, { team_id: t.team_id });
    expect((await chat(gw, tk.key, { model: "pricey" })).status).toBe(200);
    expect((await chat(gw, tk.key, { model: "priced" })).status).toBe(403);
  });
});

describe("routes and readiness", () => {
  it("/routes lists every route with its methods; /health/readiness has LiteLLM's fields", async () => {
    const { routes } = await json<{ routes: Array<{ path: string; methods: string[] }> }>(
      await fetch(`${gw.url}/routes`),
    );
    expect(routes).toContainEqual(expect.objectContaining({ path: "/key/generate", methods: ["POST"] }));
    expect(routes).toContainEqual(expect.objectContaining({ path: "/key/{key}/regenerate", methods: ["POST"] }));
    expect(routes).toContainEqual(expect.objectContaining({ path: "/v1/chat/completions" }));
    const ready = await json(await fetch(`${gw.url}/health/readiness`));
    expect(ready).toMatchObject({ status: "healthy", db: "connected", cache: null, success_callbacks: [] });
    expect(typeof ready.litellm_version).toBe("string");
    expect(Number.isNaN(Date.parse(ready.last_updated))).toBe(false);
  });
});

describe("the audit log", () => {
  it("records who changed what, before and after, with secrets masked; admins and viewers read it, filtered and paged", async () => {
    await admin(gw, "/model/new", {
      model_name: "audited",
      litellm_params: { model: "openai/x", api_key: VENDOR_SECRET },
      model_info: { id: "rt-audit" },
    });
    const model = await admin(gw, "/audit/logs?object_type=model&object_id=rt-audit");
    expect(model.audit_logs).toEqual([
      expect.objectContaining({
        actor: "master_key",
        actor_role: "proxy_admin",
        action: "/model/new",
        object_type: "model",
        object_id: "rt-audit",
        before_value: null,
        after_value: expect.objectContaining({ secrets: "***", litellm_params: { model: "openai/x", api_key: "***" } }),
      }),
    ]);

    const boss = await admin(gw, "/user/new", { user_id: "auditor-boss", user_role: "proxy_admin" });
    const viewer = await admin(gw, "/user/new", { user_id: "auditor-viewer", user_role: "proxy_admin_viewer" });
    const k = await adminAs(gw, boss.key, "/key/generate", { key_alias: "audited-key", max_budget: 1 });
    await adminAs(gw, boss.key, "/key/update", { key: k.key, max_budget: 2 });
    const bossHash = (await admin(gw, `/key/info?key=${boss.key}`)).key;
    const byBoss = await adminAs(gw, viewer.key, `/audit/logs?changed_by=${bossHash}`);
    expect(byBoss.audit_logs.map((e: { action: string }) => e.action)).toEqual(["/key/update", "/key/generate"]);
    const [update] = byBoss.audit_logs;
    expect(update).toMatchObject({ actor_alias: expect.stringMatching(/^sk-\.\.\./), actor_role: "proxy_admin" });
    expect(update.before_value.max_budget_micros).toBe(1_000_000);
    expect(update.after_value.max_budget_micros).toBe(2_000_000);

    const page = await admin(gw, "/audit/logs?page_size=1&page=2");
    expect(page).toMatchObject({ page: 2, page_size: 1 });
    expect(page.audit_logs).toHaveLength(1);
    expect(page.total).toBeGreaterThan(5);
    const all = JSON.stringify(await admin(gw, "/audit/logs?page_size=100"));
    for (const secret of [VENDOR_SECRET, boss.key, viewer.key, k.key]) expect(all).not.toContain(secret);
    const internal = await admin(gw, "/user/new", { user_id: "auditor-internal" });
    expect((await callAs(gw, internal.key, "/audit/logs")).status).toBe(401);
  });
});

describe("runtime models reach the router", () => {
  it("a deployment added, changed and deleted at runtime is served, moved and gone within seconds", async () => {
    const ask = () => chat(gw, "sk-test-master-0123456789", { model: "live-added", max_tokens: 5 });
    expect((await ask()).status).toBe(400);
    await admin(gw, "/model/new", {
      model_name: "live-added",
      litellm_params: { model: "openai/live-model", api_key: VENDOR_SECRET, api_base: `${up.url}/first/v1` },
      model_info: { id: "live-1" },
    });
    const served = await eventually(async () => {
      const res = await ask();
      return res.status === 200 ? res : undefined;
    }, "the new deployment to be served");
    expect(served.headers.get("x-switchyard-model-id")).toBe("live-1");
    const sent = up.requests.at(-1)!;
    expect(sent.path).toBe("/first/v1/chat/completions");
    expect(sent.headers.authorization).toBe(`Bearer ${VENDOR_SECRET}`);
    expect(sent.json()).toMatchObject({ model: "live-model" });

    await admin(gw, "/model/update", { model_id: "live-1", litellm_params: { api_base: `${up.url}/second/v1` } });
    await eventually(async () => {
      await ask();
      return up.requests.at(-1)!.path === "/second/v1/chat/completions" ? true : undefined;
    }, "traffic to move to the new api_base");

    await admin(gw, "/model/delete", { id: "live-1" });
    await eventually(
      async () => ((await ask()).status === 400 ? true : undefined),
      "the deleted deployment to be gone",
    );
  });
});
