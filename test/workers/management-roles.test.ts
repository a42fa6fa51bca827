import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANAGEMENT_ROUTES } from "../../src/admin/routes.js";
import { MASTER_KEY, configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { admin, callAs, json, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";

// The role table: every management route against every LiteLLM role, on the built worker.
// A = the role passes the route's gate (200, or a 400/404 about the body); 1 = 401 admin_only;
// 3 = 403 not_allowed (a self-service route refusing what is not the caller's, or a raise of its own limits).
const ROLES = [
  "master",
  "proxy_admin",
  "proxy_admin_viewer",
  "internal_user",
  "internal_user_viewer",
  "team_admin",
  "no_user",
] as const;
type Role = (typeof ROLES)[number];

interface Caller {
  role: Role;
  key: string;
  /** The caller's own user (master: none). */
  userId: string | null;
}

interface Row {
  route: string;
  what: string;
  /** One character per role, in ROLES order. */
  expect: string;
  call: (c: Caller) => Promise<{ path: string; body?: unknown; method?: string }>;
}

let up: MockUpstream;
let gw: TestGateway;
const callers = {} as Record<Role, Caller>;
let seq = 0;
const fresh = (p: string) => `${p}-${++seq}`;
let otherKey: string;

async function userWithKey(userId: string, role: string): Promise<Caller> {
  const u = await admin(gw, "/user/new", { user_id: userId, user_role: role });
  return { role: "master", key: u.key, userId };
}

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(1, 1)));
  gw = await startGateway({ config: configWith(pricedModels(up.url)), vars: { SWITCHYARD_SALT_KEY: "test-salt-key" } });
  callers.master = { role: "master", key: MASTER_KEY, userId: null };
  callers.proxy_admin = { ...(await userWithKey("padmin", "proxy_admin")), role: "proxy_admin" };
  callers.proxy_admin_viewer = { ...(await userWithKey("pviewer", "proxy_admin_viewer")), role: "proxy_admin_viewer" };
  callers.internal_user = { ...(await userWithKey("iuser", "internal_user")), role: "internal_user" };
  callers.internal_user_viewer = {
    ...(await userWithKey("iviewer", "internal_user_viewer")),
    role: "internal_user_viewer",
  };
  // a team admin whose own role is read-only: its powers come from the team role alone
  callers.team_admin = { ...(await userWithKey("tadmin", "internal_user_viewer")), role: "team_admin" };
  callers.no_user = { role: "no_user", key: (await newKey(gw, {})).key, userId: null };
  otherKey = (await userWithKey("other", "internal_user")).key;
  await admin(gw, "/team/new", {
    team_id: "team-t",
    models: ["priced"],
    max_budget: 10,
    members_with_roles: [
      { user_id: "tadmin", role: "admin" },
      { user_id: "iuser", role: "user" },
    ],
  });
  await admin(gw, "/organization/new", { organization_id: "org-o", organization_alias: "O", models: ["priced"] });
  await admin(gw, "/organization/member_add", {
    organization_id: "org-o",
    member: [
      { user_id: "tadmin", role: "org_admin" },
      { user_id: "iuser", role: "internal_user" },
    ],
  });
  await admin(gw, "/budget/new", { budget_id: "bud-1", max_budget: 5 });
  await admin(gw, "/customer/new", { user_id: "cust-1" });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const at = (path: string, body?: unknown) => async () => ({ path, body });
const freshKeyOf = async (body: Record<string, unknown>) => (await newKey(gw, body)).key;

const ROWS: Row[] = [
  // keys
  { route: "POST /key/generate", what: "a key for oneself", expect: "AA3A333", call: at("/key/generate", {}) },
  {
    route: "POST /key/generate",
    what: "a key for a member of team T",
    expect: "AA3A3A3",
    call: at("/key/generate", { team_id: "team-t", user_id: "iuser" }),
  },
  {
    route: "POST /key/generate",
    what: "raise: a key budget above one's team's",
    expect: "AA33333",
    call: at("/key/generate", { team_id: "team-t", user_id: "iuser", max_budget: 50 }),
  },
  {
    route: "POST /key/generate",
    what: "raise: a key with a model outside one's team",
    expect: "AA33333",
    call: at("/key/generate", { team_id: "team-t", user_id: "iuser", models: ["pricey"] }),
  },
  {
    route: "POST /key/generate",
    what: "raise: a key with its own spend reset / shared budget",
    expect: "AA33333",
    call: at("/key/generate", { budget_id: "bud-1" }),
  },
  {
    route: "POST /key/update",
    what: "another user's key",
    expect: "AA33333",
    call: async () => ({ path: "/key/update", body: { key: otherKey, metadata: { a: 1 } } }),
  },
  {
    route: "POST /key/update",
    what: "a team-T key of the internal user",
    expect: "AA3A3A3",
    call: async () => ({
      path: "/key/update",
      body: { key: await freshKeyOf({ user_id: "iuser", team_id: "team-t" }), metadata: { a: 1 } },
    }),
  },
  {
    route: "POST /key/update",
    what: "raise: reset one's own key's spend",
    expect: "AA33333",
    call: async (c) => ({ path: "/key/update", body: { key: c.key, spend: 0 } }),
  },
  {
    route: "POST /key/update",
    what: "raise: unblock a blocked team key",
    expect: "AA33333",
    call: async () => ({
      path: "/key/update",
      body: { key: await freshKeyOf({ user_id: "iuser", team_id: "team-t", blocked: true }), blocked: false },
    }),
  },
  {
    route: "POST /key/delete",
    what: "an internal user's own key",
    expect: "AA3A333",
    call: async () => ({ path: "/key/delete", body: { keys: [await freshKeyOf({ user_id: "iuser" })] } }),
  },
  {
    route: "POST /key/regenerate",
    what: "an internal user's own key",
    expect: "AA3A333",
    call: async () => ({ path: "/key/regenerate", body: { key: await freshKeyOf({ user_id: "iuser" }) } }),
  },
  {
    route: "POST /key/:key/regenerate",
    what: "a team-T key",
    expect: "AA3A3A3",
    call: async () => ({
      path: `/key/${await freshKeyOf({ user_id: "iuser", team_id: "team-t" })}/regenerate`,
      body: {},
    }),
  },
  {
    route: "POST /key/block",
    what: "a team-T key",
    expect: "AA333A3",
    call: async () => ({
      path: "/key/block",
      body: { key: await freshKeyOf({ user_id: "iuser", team_id: "team-t" }) },
    }),
  },
  {
    route: "POST /key/unblock",
    what: "a team-T key",
    expect: "AA333A3",
    call: async () => ({
      path: "/key/unblock",
      body: { key: await freshKeyOf({ user_id: "iuser", team_id: "team-t", blocked: true }) },
    }),
  },
  { route: "GET /key/info", what: "one's own key", expect: "AAAAAAA", call: at("/key/info") },
  {
    route: "GET /key/info",
    what: "another user's key",
    expect: "AAA3333",
    call: async () => ({ path: `/key/info?key=${otherKey}` }),
  },
  { route: "GET /key/list", what: "one's own keys", expect: "AAAAAA3", call: at("/key/list") },
  { route: "GET /key/list", what: "another user's keys", expect: "AAA3333", call: at("/key/list?user_id=other") },
  { route: "GET /key/list", what: "team T's keys", expect: "AAA33A3", call: at("/key/list?team_id=team-t") },
  // teams
  { route: "POST /team/new", what: "a team", expect: "AA11111", call: async () => ({ path: "/team/new", body: {} }) },
  {
    route: "POST /team/update",
    what: "team T's alias",
    expect: "AA333A3",
    call: at("/team/update", { team_id: "team-t", team_alias: "T" }),
  },
  {
    route: "POST /team/update",
    what: "raise: team T's budget",
    expect: "AA33333",
    call: at("/team/update", { team_id: "team-t", max_budget: 10 }),
  },
  {
    route: "POST /team/delete",
    what: "a team",
    expect: "AA11111",
    call: async () => ({ path: "/team/delete", body: { team_ids: [(await admin(gw, "/team/new", {})).team_id] } }),
  },
  { route: "POST /team/block", what: "team T", expect: "AA11111", call: at("/team/block", { team_id: "nope" }) },
  { route: "POST /team/unblock", what: "team T", expect: "AA11111", call: at("/team/unblock", { team_id: "team-t" }) },
  {
    route: "POST /team/member_add",
    what: "a member of team T",
    expect: "AA333A3",
    call: async () => ({ path: "/team/member_add", body: { team_id: "team-t", member: { user_id: fresh("m") } } }),
  },
  {
    route: "POST /team/member_delete",
    what: "a member of team T",
    expect: "AA333A3",
    call: async () => {
      const user_id = fresh("m");
      await admin(gw, "/team/member_add", { team_id: "team-t", member: { user_id } });
      return { path: "/team/member_delete", body: { team_id: "team-t", user_id } };
    },
  },
  {
    route: "POST /team/member_update",
    what: "a member of team T",
    expect: "AA333A3",
    call: at("/team/member_update", { team_id: "team-t", user_id: "iuser", role: "user" }),
  },
  {
    route: "POST /team/member_update",
    what: "raise: a member makes itself admin of team T",
    expect: "AA333A3",
    call: async (c) => ({
      path: "/team/member_update",
      body: { team_id: "team-t", user_id: c.userId ?? fresh("u"), role: "admin" },
    }),
  },
  {
    route: "POST /team/model/add",
    what: "raise: a model for team T",
    expect: "AA11111",
    call: at("/team/model/add", { team_id: "team-t", models: ["priced"] }),
  },
  {
    route: "POST /team/model/delete",
    what: "a model of team T",
    expect: "AA333A3",
    call: at("/team/model/delete", { team_id: "team-t", models: ["not-there"] }),
  },
  { route: "GET /team/info", what: "team T", expect: "AAAA3A3", call: at("/team/info?team_id=team-t") },
  { route: "GET /team/list", what: "one's teams", expect: "AAAAAA3", call: at("/team/list") },
  // users
  {
    route: "POST /user/new",
    what: "a user",
    expect: "AA11111",
    call: async () => ({ path: "/user/new", body: { user_id: fresh("u"), auto_create_key: false } }),
  },
  {
    route: "POST /user/update",
    what: "one's own alias",
    expect: "AA3A333",
    call: async (c) => ({ path: "/user/update", body: { user_id: c.userId ?? fresh("u"), user_alias: "me" } }),
  },
  {
    route: "POST /user/update",
    what: "raise: one's own budget",
    expect: "AA33333",
    call: async (c) => ({ path: "/user/update", body: { user_id: c.userId ?? fresh("u"), max_budget: 1000 } }),
  },
  {
    route: "POST /user/update",
    what: "raise: one's own role",
    expect: "AA33333",
    call: async (c) => ({ path: "/user/update", body: { user_id: c.userId ?? fresh("u"), user_role: "proxy_admin" } }),
  },
  {
    route: "POST /user/update",
    what: "raise: one's own spend",
    expect: "AA33333",
    call: async (c) => ({ path: "/user/update", body: { user_id: c.userId ?? fresh("u"), spend: 0 } }),
  },
  {
    route: "POST /user/delete",
    what: "a user",
    expect: "AA11111",
    call: async () => {
      const user_id = fresh("u");
      await admin(gw, "/user/new", { user_id, auto_create_key: false });
      return { path: "/user/delete", body: { user_ids: [user_id] } };
    },
  },
  { route: "GET /user/info", what: "one's own user", expect: "AAAAAA3", call: at("/user/info") },
  { route: "GET /user/info", what: "another user", expect: "AAA3333", call: at("/user/info?user_id=other") },
  { route: "GET /user/list", what: "users", expect: "AAA1111", call: at("/user/list") },
  // organizations
  {
    route: "POST /organization/new",
    what: "an organization",
    expect: "AA11111",
    call: at("/organization/new", { organization_alias: "x" }),
  },
  {
    route: "POST /organization/update",
    what: "raise: organization O's budget",
    expect: "AA11111",
    call: at("/organization/update", { organization_id: "org-o", max_budget: 100 }),
  },
  {
    route: "POST /organization/delete",
    what: "an organization",
    expect: "AA11111",
    call: async () => ({
      path: "/organization/delete",
      body: { organization_ids: [(await admin(gw, "/organization/new", {})).organization_id] },
    }),
  },
  {
    route: "GET /organization/info",
    what: "organization O",
    expect: "AAAA3A3",
    call: at("/organization/info?organization_id=org-o"),
  },
  { route: "GET /organization/list", what: "one's organizations", expect: "AAAAAA3", call: at("/organization/list") },
  {
    route: "POST /organization/member_add",
    what: "a member of O",
    expect: "AA333A3",
    call: async () => ({
      path: "/organization/member_add",
      body: { organization_id: "org-o", member: { user_id: fresh("om") } },
    }),
  },
  {
    route: "POST /organization/member_update",
    what: "a member of O",
    expect: "AA333A3",
    call: at("/organization/member_update", { organization_id: "org-o", user_id: "iuser", role: "internal_user" }),
  },
  {
    route: "POST /organization/member_delete",
    what: "a member of O",
    expect: "AA333A3",
    call: async () => {
      const user_id = fresh("om");
      await admin(gw, "/organization/member_add", { organization_id: "org-o", member: { user_id } });
      return { path: "/organization/member_delete", body: { organization_id: "org-o", user_id } };
    },
  },
  // budgets
  { route: "POST /budget/new", what: "a budget", expect: "AA11111", call: at("/budget/new", { max_budget: 1 }) },
  {
    route: "POST /budget/update",
    what: "raise: a shared budget",
    expect: "AA11111",
    call: at("/budget/update", { budget_id: "bud-1", max_budget: 5 }),
  },
  {
    route: "POST /budget/delete",
    what: "a budget",
    expect: "AA11111",
    call: async () => ({ path: "/budget/delete", body: { id: (await admin(gw, "/budget/new", {})).budget_id } }),
  },
  { route: "POST /budget/info", what: "a budget", expect: "AAA1111", call: at("/budget/info", { budgets: ["bud-1"] }) },
  { route: "GET /budget/settings", what: "a budget", expect: "AAA1111", call: at("/budget/settings?budget_id=bud-1") },
  { route: "GET /budget/list", what: "budgets", expect: "AAA1111", call: at("/budget/list") },
  // runtime models
  {
    route: "POST /model/new",
    what: "a model",
    expect: "AA11111",
    call: at("/model/new", { model_name: "rt", litellm_params: { model: "openai/x", api_key: "sk-up" } }),
  },
  {
    route: "POST /model/update",
    what: "a model",
    expect: "AA11111",
    call: at("/model/update", { model_info: { id: "nope" }, litellm_params: { rpm: 5 } }),
  },
  {
    route: "POST /model/:model_id/update",
    what: "a model",
    expect: "AA11111",
    call: at("/model/nope/update", { litellm_params: { rpm: 5 } }),
  },
  { route: "POST /model/delete", what: "a model", expect: "AA11111", call: at("/model/delete", { id: "nope" }) },
  // spend and audit
  { route: "GET /spend/logs", what: "one's own requests", expect: "AAAAAAA", call: at("/spend/logs") },
  {
    route: "GET /spend/logs",
    what: "another user's requests",
    expect: "AAA3333",
    call: at("/spend/logs?user_id=other"),
  },
  { route: "GET /spend/logs", what: "team T's requests", expect: "AAA33A3", call: at("/spend/logs?team_id=team-t") },
  { route: "GET /global/spend/logs", what: "all requests", expect: "AAA1111", call: at("/global/spend/logs") },
  { route: "GET /global/spend", what: "totals", expect: "AAA1111", call: at("/global/spend") },
  { route: "GET /global/spend/report", what: "a report", expect: "AAA1111", call: at("/global/spend/report") },
  { route: "GET /spend/outbox", what: "the outbox", expect: "AAA1111", call: at("/spend/outbox") },
  { route: "GET /audit/logs", what: "the audit log", expect: "AAA1111", call: at("/audit/logs") },
  { route: "GET /audit", what: "the audit log", expect: "AAA1111", call: at("/audit") },
  // the dashboard's reports
  { route: "GET /spend/activity", what: "one's own activity", expect: "AAAAAAA", call: at("/spend/activity") },
  {
    route: "GET /spend/activity",
    what: "another user's activity",
    expect: "AAA3333",
    call: at("/spend/activity?user_id=other"),
  },
  {
    route: "GET /spend/activity",
    what: "team T's activity",
    expect: "AAA33A3",
    call: at("/spend/activity?team_id=team-t"),
  },
  { route: "GET /spend/deployments", what: "every deployment", expect: "AAA1111", call: at("/spend/deployments") },
  { route: "GET /spend/logs/ui", what: "one's own requests", expect: "AAAAAAA", call: at("/spend/logs/ui") },
  {
    route: "GET /spend/logs/ui",
    what: "another user's requests",
    expect: "AAA3333",
    call: at("/spend/logs/ui?user_id=other"),
  },
  {
    route: "GET /spend/logs/ui",
    what: "team T's requests",
    expect: "AAA33A3",
    call: at("/spend/logs/ui?team_id=team-t"),
  },
];

// End users under both names: writes for proxy admins, reads for admins and viewers.
for (const base of ["/customer", "/end_user"]) {
  ROWS.push(
    {
      route: `POST ${base}/new`,
      what: "an end user",
      expect: "AA11111",
      call: async () => ({ path: `${base}/new`, body: { user_id: fresh("c") } }),
    },
    {
      route: `POST ${base}/update`,
      what: "an end user",
      expect: "AA11111",
      call: at(`${base}/update`, { user_id: "cust-1", alias: "c" }),
    },
    {
      route: `POST ${base}/delete`,
      what: "an end user",
      expect: "AA11111",
      call: at(`${base}/delete`, { user_ids: ["nope"] }),
    },
    {
      route: `POST ${base}/block`,
      what: "an end user",
      expect: "AA11111",
      call: at(`${base}/block`, { user_ids: ["nope"] }),
    },
    {
      route: `POST ${base}/unblock`,
      what: "an end user",
      expect: "AA11111",
      call: at(`${base}/unblock`, { user_ids: ["cust-1"] }),
    },
    { route: `GET ${base}/info`, what: "an end user", expect: "AAA1111", call: at(`${base}/info?end_user_id=cust-1`) },
    { route: `GET ${base}/list`, what: "end users", expect: "AAA1111", call: at(`${base}/list`) },
  );
}

describe("management roles", () => {
  it("the table covers every management route", () => {
    const covered = new Set(ROWS.map((r) => r.route));
    const missing = MANAGEMENT_ROUTES.map((d) => `${d.method} ${d.path}`).filter((r) => !covered.has(r));
    expect(missing).toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.route} — ${row.what}: ${row.expect}`, async () => {
      let got = "";
      for (const role of ROLES) {
        const caller = callers[role];
        const { path, body, method } = await row.call(caller);
        const res = await callAs(gw, caller.key, path, {
          method: method ?? row.route.split(" ")[0],
          ...(body === undefined ? {} : { body }),
        });
        const payload = await json(res);
        const where = `as ${role}: ${res.status} ${JSON.stringify(payload).slice(0, 300)}`;
        if (res.status === 401) {
          expect(payload.error.code, where).toBe("admin_only");
          got += "1";
        } else if (res.status === 403) {
          expect(payload.error.code, where).toBe("not_allowed");
          got += "3";
        } else {
          expect([200, 400, 404], where).toContain(res.status);
          got += "A";
        }
      }
      expect(got).toBe(row.expect);
    });
  }

  it("model info, model groups and /v1/models answer every key; /routes and readiness need none", async () => {
    for (const role of ROLES)
      for (const path of ["/model/info", "/v1/model/info", "/v2/model/info", "/model_group/info", "/v1/models"])
        expect((await callAs(gw, callers[role].key, path)).status, `${path} as ${role}`).toBe(200);
    for (const path of ["/routes", "/health/readiness"]) expect((await fetch(`${gw.url}${path}`)).status).toBe(200);
  });
});
