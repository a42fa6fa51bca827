import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { admin, chat, eventually, json, micros, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";

// Teams and internal users on workerd: their models, budgets and blocks bind every key they own.
let up: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(10, 50)));
  gw = await startGateway({
    config: configWith(`${pricedModels(up.url)}
  - model_name: team-b-model
    litellm_params: { model: openai/test-model-c, api_key: sk-upstream, api_base: ${up.url}/v1, input_cost_per_token: 0, output_cost_per_token: 0.000001 }`),
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const upstreamCalls = () => up.requests.length;

describe("teams", () => {
  it("team lifecycle: new with members, info with keys and spend, member add/delete, list, update", async () => {
    await admin(gw, "/user/new", { user_id: "ann", auto_create_key: false });
    await admin(gw, "/user/new", { user_id: "ben", auto_create_key: false });
    const t = await admin(gw, "/team/new", {
      team_alias: "Platform",
      models: ["priced"],
      max_budget: 10,
      members_with_roles: [{ user_id: "ann", role: "admin" }],
    });
    expect(t.team_id).toMatch(/^team_/);
    expect(t).toMatchObject({ team_alias: "Platform", models: ["priced"], max_budget: 10, spend: 0 });
    const k = await newKey(gw, { team_id: t.team_id, user_id: "ann" });
    expect((await chat(gw, k.key)).status).toBe(200);

    await admin(gw, "/team/member_add", { team_id: t.team_id, member: { user_id: "ben" } });
    const info = await eventually(async () => {
      const i = await admin(gw, `/team/info?team_id=${t.team_id}`);
      return i.team_info.spend > 0 ? i : undefined;
    }, "team spend");
    expect(micros(info.team_info.spend)).toBe(50);
    expect(info.keys.map((x: { token: string }) => x.token)).toEqual([k.token]);
    expect(info.team_memberships).toEqual([
      { user_id: "ann", user_email: null, role: "admin" },
      { user_id: "ben", user_email: null, role: "user" },
    ]);
    expect((await admin(gw, "/user/info?user_id=ben")).teams).toEqual([t.team_id]);

    await admin(gw, "/team/member_delete", { team_id: t.team_id, user_id: "ben" });
    expect((await admin(gw, "/user/info?user_id=ben")).teams).toEqual([]);
    expect((await gw.call("/team/member_delete", { body: { team_id: t.team_id, user_id: "ben" } })).status).toBe(404);
    // an unknown user is created on first reference (as LiteLLM does)
    await admin(gw, "/team/member_add", { team_id: t.team_id, member: { user_id: "newcomer" } });
    expect((await admin(gw, "/user/info?user_id=newcomer")).teams).toEqual([t.team_id]);

    const upd = await admin(gw, "/team/update", { team_id: t.team_id, team_alias: "Platform 2", rpm_limit: 50 });
    expect(upd).toMatchObject({ team_alias: "Platform 2", rpm_limit: 50, max_budget: 10 });
    const list = await admin<Array<{ team_id: string }>>(gw, "/team/list?user_id=ann");
    expect(list.map((x) => x.team_id)).toEqual([t.team_id]);
    expect((await gw.call("/team/info?team_id=nope")).status).toBe(404);
  });

  it("a key of team A can neither use team B's models nor see its spend", async () => {
    const a = await admin(gw, "/team/new", { team_alias: "A", models: ["priced"] });
    const b = await admin(gw, "/team/new", { team_alias: "B", models: ["team-b-model"] });
    const keyA = await newKey(gw, { team_id: a.team_id });
    const keyB = await newKey(gw, { team_id: b.team_id });
    expect((await chat(gw, keyB.key, { model: "team-b-model" })).status).toBe(200);

    const before = upstreamCalls();
    const denied = await chat(gw, keyA.key, { model: "team-b-model" });
    expect(denied.status).toBe(403);
    expect((await json(denied)).error.message).toContain("team-b-model");
    expect(upstreamCalls()).toBe(before);
    // a key's own list cannot widen the team's
    const wide = await newKey(gw, { team_id: a.team_id, models: ["team-b-model", "priced"] });
    expect((await chat(gw, wide.key, { model: "team-b-model" })).status).toBe(403);
    expect((await chat(gw, wide.key, { model: "priced" })).status).toBe(200);
    const listed = await json(await gw.call("/v1/models", { headers: { authorization: `Bearer ${keyA.key}` } }));
    expect(listed.data.map((m: { id: string }) => m.id)).toEqual(["priced"]);

    // a key without a user may read only what concerns itself: 403 for another team's records, 401 for admin routes
    for (const [path, status] of [
      [`/team/info?team_id=${b.team_id}`, 403],
      [`/spend/logs?team_id=${b.team_id}`, 403],
      ["/global/spend/report?group_by=team", 401],
      [`/key/info?key=${keyB.key}`, 403],
    ] as const) {
      expect((await gw.call(path, { headers: { authorization: `Bearer ${keyA.key}` } })).status, path).toBe(status);
    }
  });

  it("a team budget binds all its keys: the second key is refused once the first spent it", async () => {
    const t = await admin(gw, "/team/new", { team_alias: "Frugal", max_budget: 0.00015 }); // 150 µ$
    const k1 = await newKey(gw, { team_id: t.team_id });
    const k2 = await newKey(gw, { team_id: t.team_id });
    expect((await chat(gw, k1.key, { max_tokens: 50 })).status).toBe(200); // costs 50
    expect((await chat(gw, k2.key, { max_tokens: 50 })).status).toBe(200); // 100
    const teamSpend = (want: number) =>
      eventually(
        async () =>
          micros((await admin(gw, `/team/info?team_id=${t.team_id}`)).team_info.spend) === want ? true : undefined,
        `team spend ${want}`,
      );
    await teamSpend(100);
    const before = upstreamCalls();
    const res = await chat(gw, k2.key, { max_tokens: 60 }); // 100 + up to 60 > 150
    expect(res.status).toBe(429);
    const body = await json(res);
    expect(body.error).toMatchObject({ type: "budget_exceeded", code: "budget_exceeded" });
    expect(body.error.message).toMatch(/team "Frugal".*current spend \$0\.000100.*max_budget \$0\.000150/);
    expect(upstreamCalls()).toBe(before);
    expect((await chat(gw, k1.key, { max_tokens: 50 })).status).toBe(200); // exactly fills it
    await teamSpend(150);
    expect((await json(await chat(gw, k1.key, { max_tokens: 1 }))).error.message).toMatch(
      /current spend \$0\.000150, max_budget \$0\.000150/,
    );
  });

  it("a blocked team stops its keys with 403; unblock lifts it", async () => {
    const t = await admin(gw, "/team/new", { team_alias: "Paused" });
    const k = await newKey(gw, { team_id: t.team_id });
    expect((await chat(gw, k.key)).status).toBe(200);
    await admin(gw, "/team/block", { team_id: t.team_id });
    const res = await chat(gw, k.key);
    expect(res.status).toBe(403);
    expect((await json(res)).error).toMatchObject({ code: "team_blocked" });
    await admin(gw, "/team/unblock", { team_id: t.team_id });
    expect((await chat(gw, k.key)).status).toBe(200);
  });

  it("deleting a team deletes its keys", async () => {
    const t = await admin(gw, "/team/new", { team_alias: "Gone" });
    const k = await newKey(gw, { team_id: t.team_id });
    expect((await chat(gw, k.key)).status).toBe(200);
    expect(await admin(gw, "/team/delete", { team_ids: [t.team_id] })).toEqual({ deleted_teams: [t.team_id] });
    expect((await chat(gw, k.key)).status).toBe(401);
    expect((await gw.call(`/key/info?key=${k.key}`)).status).toBe(404);
    expect((await gw.call("/team/delete", { body: { team_ids: [t.team_id] } })).status).toBe(404);
  });
});

describe("internal users", () => {
  it("/user/new creates a key; a user budget binds all the user's keys; info and list show spend", async () => {
    const u = await admin(gw, "/user/new", {
      user_id: "carol",
      user_email: "carol@example.com",
      max_budget: 0.0001,
      key_alias: "carol-1",
    });
    expect(u.key).toMatch(/^sk-/);
    expect(u).toMatchObject({
      user_id: "carol",
      user_email: "carol@example.com",
      max_budget: 0.0001,
      user_role: "internal_user",
    });
    const second = await newKey(gw, { user_id: "carol" });
    expect((await chat(gw, u.key, { max_tokens: 50 })).status).toBe(200);
    expect((await chat(gw, second.key, { max_tokens: 50 })).status).toBe(200);
    const res = await chat(gw, second.key, { max_tokens: 50 });
    expect(res.status).toBe(429);
    expect((await json(res)).error.message).toContain('user "carol"');
    const info = await eventually(async () => {
      const i = await admin(gw, "/user/info?user_id=carol");
      return micros(i.user_info.spend) === 100 ? i : undefined;
    }, "user spend");
    expect(info.keys).toHaveLength(2);
    const list = await admin(gw, "/user/list?page_size=100");
    expect(list.users.find((x: { user_id: string }) => x.user_id === "carol")).toMatchObject({ spend: 0.0001 });
    expect(await admin(gw, "/user/update", { user_id: "carol", max_budget: 1 })).toMatchObject({ max_budget: 1 });
    expect((await chat(gw, second.key, { max_tokens: 50 })).status).toBe(200);
  });

  it("user models restrict the user's keys; deleting the user deletes them", async () => {
    const u = await admin(gw, "/user/new", { user_id: "dave", models: ["pricey"] });
    expect((await chat(gw, u.key, { model: "priced" })).status).toBe(403);
    expect((await chat(gw, u.key, { model: "pricey" })).status).toBe(200);
    expect(await admin(gw, "/user/delete", { user_ids: ["dave"] })).toEqual({ deleted_users: ["dave"] });
    expect((await chat(gw, u.key, { model: "pricey" })).status).toBe(401);
    expect((await gw.call("/user/info?user_id=dave")).status).toBe(404);
    expect((await gw.call("/user/new", { body: { user_id: "erin", teams: ["no-team"] } })).status).toBe(404);
  });
});
