import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import {
  admin,
  callAs,
  chat,
  eventually,
  json,
  micros,
  newKey,
  pricedModels,
  replyJson,
  usage,
} from "../helpers/keys.js";

// LiteLLM's management calls as a LiteLLM user's scripts send them, against the built worker on workerd.
let up: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(10, 50)));
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const lastModelSent = () => (up.requests.at(-1)!.json() as { model: string }).model;

describe("LiteLLM's bodies", () => {
  it("null means unset in every body: create takes the default, update clears", async () => {
    const k = await newKey(gw, {
      metadata: null,
      models: null,
      duration: null,
      max_budget: null,
      key_alias: null,
      team_id: null,
      guardrails: null,
      enforced_params: [],
    });
    expect(k).toMatchObject({ metadata: {}, models: [], max_budget: null, expires: null });
    const t = await admin(gw, "/team/new", { team_alias: null, models: null, metadata: null, max_budget: null });
    expect(t).toMatchObject({ models: [], metadata: {} });
    const u = await admin(gw, "/user/new", { user_email: null, teams: null, auto_create_key: null, max_budget: null });
    expect(u.key).toMatch(/^sk-/);
    const limited = await newKey(gw, { max_budget: 5, models: ["priced"], metadata: { a: 1 } });
    const cleared = await admin(gw, "/key/update", {
      key: limited.key,
      max_budget: null,
      models: null,
      metadata: null,
    });
    expect(cleared).toMatchObject({ max_budget: null, models: [], metadata: {} });
    // a field Switchyard cannot honour is still refused when it asks for something
    const res = await gw.call("/key/generate", { body: { model_rpm_limit: { priced: 5 } } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toContain('unsupported field "model_rpm_limit"');
  });

  it("/key/generate keeps a custom key, permissions, tags, cache controls, soft budget, blocked", async () => {
    const custom = "sk-my-own-key-value-0001";
    const k = await newKey(gw, {
      key: custom,
      permissions: { get_spend_routes: false },
      tags: ["ci"],
      allowed_cache_controls: ["no-cache"],
      soft_budget: 2,
      max_budget: 5,
    });
    expect(k.key).toBe(custom);
    expect(k.key_name).toBe("sk-...0001");
    expect((await chat(gw, custom)).status).toBe(200);
    const info = (await admin(gw, `/key/info?key=${custom}`)).info;
    expect(info).toMatchObject({
      permissions: { get_spend_routes: false },
      tags: ["ci"],
      allowed_cache_controls: ["no-cache"],
      soft_budget: 2,
      max_budget: 5,
    });
    const dup = await gw.call("/key/generate", { body: { key: custom } });
    expect(dup.status).toBe(400);
    expect(JSON.stringify(await json(dup))).not.toContain(custom);
    const blocked = await newKey(gw, { blocked: true });
    expect((await chat(gw, blocked.key)).status).toBe(401);
  });

  it("max_parallel_requests: 0 admits no request", async () => {
    const k = await newKey(gw, { max_parallel_requests: 0 });
    const before = up.requests.length;
    const res = await chat(gw, k.key);
    expect(res.status).toBe(429);
    expect((await json(res)).error.code).toBe("max_parallel_requests_exceeded");
    expect(up.requests.length).toBe(before);
  });

  it("/key/regenerate with grace_period and new values: both keys work until the grace ends; without one the old key stops", async () => {
    const k = await newKey(gw, { key_alias: "rotate-me" });
    const r = await admin(gw, "/key/regenerate", {
      key: k.key,
      grace_period: "1h",
      key_alias: "rotated",
      max_budget: 7,
    });
    expect(r.key).not.toBe(k.key);
    expect(r).toMatchObject({ key_alias: "rotated", max_budget: 7, token_id: k.token_id });
    expect(Date.parse(r.grace_period_ends_at)).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect((await chat(gw, r.key)).status).toBe(200);
    expect((await chat(gw, k.key)).status).toBe(200);
    // the path form, no grace: the previous value stops at once (the first one keeps its own grace)
    const r2 = await admin(gw, `/key/${r.key}/regenerate`, {});
    expect((await chat(gw, r.key)).status).toBe(401);
    expect((await chat(gw, r2.key)).status).toBe(200);
    expect((await chat(gw, k.key)).status).toBe(200);
    // the key's spend and budget follow it across rotations (same ledger)
    const info = await eventually(async () => {
      const i = (await admin(gw, `/key/info?key=${r2.key}`)).info;
      return micros(i.spend) >= 200 ? i : undefined;
    }, "spend of the rotated key");
    expect(micros(info.spend)).toBe(200);
  });
});

describe("users", () => {
  it("/user/new acts on aliases, team_id, models and spend; /user/update sets spend", async () => {
    const t = await admin(gw, "/team/new", { team_id: "dropin-team", model_aliases: { "team-fast": "pricey" } });
    const u = await admin(gw, "/user/new", {
      user_id: "carol",
      team_id: t.team_id,
      models: ["priced", "pricey"],
      aliases: { mine: "priced" },
      spend: 1.25,
    });
    expect(u).toMatchObject({ user_id: "carol", models: ["priced", "pricey"], spend: 1.25, teams: ["dropin-team"] });
    const key = (await admin(gw, `/key/info?key=${u.key}`)).info;
    expect(key).toMatchObject({ user_id: "carol", team_id: "dropin-team", aliases: { mine: "priced" } });
    expect((await chat(gw, u.key, { model: "mine" })).status).toBe(200);
    expect(lastModelSent()).toBe("test-model");
    // the team's model_aliases apply to its keys
    expect((await chat(gw, u.key, { model: "team-fast" })).status).toBe(200);
    expect(lastModelSent()).toBe("test-model-b");
    expect((await admin(gw, "/team/info?team_id=dropin-team")).team_memberships).toEqual([
      { user_id: "carol", user_email: null, role: "user" },
    ]);
    expect((await admin(gw, "/user/update", { user_id: "carol", spend: 0 })).spend).toBe(0);
  });

  it("users are created on first reference: a key, a team member (also by email alone) and /user/update", async () => {
    await newKey(gw, { user_id: "first-ref-key" });
    expect((await admin(gw, "/user/info?user_id=first-ref-key")).user_info).toMatchObject({
      user_role: "internal_user",
    });
    expect(await admin(gw, "/user/update", { user_id: "first-ref-update", user_alias: "Ghost" })).toMatchObject({
      user_id: "first-ref-update",
      user_alias: "Ghost",
    });
    const t = await admin(gw, "/team/new", { members_with_roles: [{ user_email: "dora@example.com", role: "admin" }] });
    const dora = t.members_with_roles[0];
    expect(dora).toMatchObject({ user_email: "dora@example.com", role: "admin" });
    // the same email names the same user
    const again = await admin(gw, "/team/member_add", {
      team_id: t.team_id,
      member: { user_email: "dora@example.com" },
    });
    expect(again.members_with_roles).toEqual([{ ...dora, role: "user" }]);
    expect((await admin(gw, `/user/info?user_id=${dora.user_id}`)).user_info.user_email).toBe("dora@example.com");
    const updated = await admin(gw, "/team/member_update", {
      team_id: t.team_id,
      user_email: "dora@example.com",
      role: "admin",
    });
    expect(updated.members_with_roles).toEqual([{ ...dora, role: "admin" }]);
    await admin(gw, "/team/member_delete", { team_id: t.team_id, user_email: "dora@example.com" });
    expect((await admin(gw, `/team/info?team_id=${t.team_id}`)).team_memberships).toEqual([]);
  });
});

describe("teams, organizations, shared budgets and end users", () => {
  it("/team/model/add and /team/model/delete change what the team's keys may call", async () => {
    const t = await admin(gw, "/team/new", { models: ["priced"] });
    const k = await newKey(gw, { team_id: t.team_id });
    expect((await chat(gw, k.key, { model: "pricey" })).status).toBe(403);
    expect((await admin(gw, "/team/model/add", { team_id: t.team_id, models: ["pricey"] })).models).toEqual([
      "priced",
      "pricey",
    ]);
    await eventually(
      async () => ((await chat(gw, k.key, { model: "pricey" })).status === 200 ? true : undefined),
      "added model",
    );
    await admin(gw, "/team/model/delete", { team_id: t.team_id, models: ["priced"] });
    await eventually(
      async () => ((await chat(gw, k.key, { model: "priced" })).status === 403 ? true : undefined),
      "removed model",
    );
  });

  it("an organization's models bound its teams, and its budget is charged for its teams' keys", async () => {
    const org = await admin(gw, "/organization/new", {
      organization_alias: "Acme",
      models: ["priced"],
      max_budget: 0.00005,
    });
    const outside = await gw.call("/team/new", { body: { organization_id: org.organization_id, models: ["pricey"] } });
    expect(outside.status).toBe(400);
    expect((await json(outside)).error).toMatchObject({ param: "models" });
    const richer = await gw.call("/team/new", { body: { organization_id: org.organization_id, max_budget: 1 } });
    expect((await json(richer)).error.param).toBe("max_budget");
    const t = await admin(gw, "/team/new", { organization_id: org.organization_id, models: ["priced"] });
    const k = await newKey(gw, { team_id: t.team_id });
    expect((await chat(gw, k.key, { max_tokens: 1 })).status).toBe(200);
    const info = await eventually(async () => {
      const i = await admin(gw, `/organization/info?organization_id=${org.organization_id}`);
      return i.spend > 0 ? i : undefined;
    }, "organization spend");
    expect(micros(info.spend)).toBe(50);
    expect(info.teams.map((x: { team_id: string }) => x.team_id)).toEqual([t.team_id]);
    const refused = await chat(gw, k.key, { max_tokens: 1 });
    expect(refused.status).toBe(429);
    expect((await json(refused)).error.message).toMatch(
      new RegExp(
        `^Budget has been exceeded! Organization=${org.organization_id} Current cost: 0.00005, Max budget: 0.00005`,
      ),
    );
    const shrink = await gw.call("/organization/update", {
      body: { organization_id: org.organization_id, models: ["pricey"] },
    });
    expect(shrink.status).toBe(400);
    const busy = await gw.call("/organization/delete", { body: { organization_ids: [org.organization_id] } });
    expect((await json(busy)).error.code).toBe("organization_in_use");
  });

  it("a shared budget binds every key and end user naming it, and a change to it reaches them all", async () => {
    const b = await admin(gw, "/budget/new", { budget_id: "tiny", max_budget: 0.00005 });
    expect(b).toMatchObject({ budget_id: "tiny", max_budget: 0.00005 });
    const k = await newKey(gw, { budget_id: "tiny" });
    expect((await chat(gw, k.key, { max_tokens: 1 })).status).toBe(200);
    await eventually(
      async () => ((await chat(gw, k.key, { max_tokens: 1 })).status === 429 ? true : undefined),
      "budget",
    );
    const refused = await json(await chat(gw, k.key, { max_tokens: 1 }));
    expect(refused.error.message).toMatch(/^Budget has been exceeded! Current cost: 0.00005, Max budget: 0.00005\./);

    await admin(gw, "/end_user/new", {
      user_id: "eu-1",
      budget_id: "tiny",
      allowed_model_region: "eu",
      default_model: "priced",
    });
    expect(await admin(gw, "/end_user/info?end_user_id=eu-1")).toMatchObject({
      budget_id: "tiny",
      allowed_model_region: "eu",
      default_model: "priced",
    });
    const other = await newKey(gw, {});
    expect((await chat(gw, other.key, { max_tokens: 1, user: "eu-1" })).status).toBe(200);
    await eventually(
      async () => ((await chat(gw, other.key, { max_tokens: 1, user: "eu-1" })).status === 429 ? true : undefined),
      "end user budget",
    );

    await admin(gw, "/budget/update", { budget_id: "tiny", max_budget: 1 });
    expect((await chat(gw, k.key, { max_tokens: 1 })).status).toBe(200);
    expect((await chat(gw, other.key, { max_tokens: 1, user: "eu-1" })).status).toBe(200);
    expect((await admin(gw, "/budget/info", { budgets: ["tiny"] }))[0].max_budget).toBe(1);
    expect((await admin(gw, "/budget/list")).map((x: { budget_id: string }) => x.budget_id)).toContain("tiny");
    expect((await gw.call("/budget/delete", { body: { id: "tiny" } })).status).toBe(400);
  });

  it("/end_user/* and /customer/* are one set of records", async () => {
    await admin(gw, "/end_user/new", { user_id: "eu-2", alias: "Eve", max_budget: 3 });
    expect(await admin(gw, "/customer/info?end_user_id=eu-2")).toMatchObject({
      alias: "Eve",
      litellm_budget_table: { max_budget: 3 },
    });
    await admin(gw, "/customer/update", { user_id: "eu-2", alias: null, max_budget: null });
    expect(await admin(gw, "/end_user/info?end_user_id=eu-2")).toMatchObject({
      alias: null,
      litellm_budget_table: { max_budget: null },
    });
    await admin(gw, "/end_user/delete", { user_ids: ["eu-2"] });
    expect((await callAs(gw, "sk-test-master-0123456789", "/customer/info?end_user_id=eu-2")).status).toBe(404);
  });
});
