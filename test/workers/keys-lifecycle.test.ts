import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { admin, chat, eventually, json, micros, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";

// Virtual keys end to end on workerd with real D1 and Durable Objects: create, use, inspect, change,
// block, regenerate, expire, delete; validation and the master-key-only management API.
let up: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((_req, res) => replyJson(res, usage(10, 20)));
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

describe("virtual key lifecycle", () => {
  it("generates a key returned once; only its SHA-256 and a hint are stored", async () => {
    const k = await newKey(gw, { key_alias: "stored-check", max_budget: 5 });
    expect(k.key).toMatch(/^sk-[A-Za-z0-9]{48}$/);
    expect(k.key_name).toBe(`sk-...${k.key.slice(-4)}`);
    const expectedHash = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(k.key))).toString(
      "hex",
    );
    expect(k.token).toBe(expectedHash);
    const info = await admin(gw, `/key/info?key=${k.key}`);
    expect(JSON.stringify(info)).not.toContain(k.key);
    const db = await gw.mf.getD1Database("DB");
    const rows = await db.prepare("SELECT * FROM keys").all();
    expect(JSON.stringify(rows.results)).toContain(expectedHash);
    expect(JSON.stringify(rows.results)).not.toContain(k.key.slice(3));
  });

  it("a virtual key calls models, is charged, and its info shows spend and remaining budget", async () => {
    const k = await newKey(gw, { key_alias: "worker", max_budget: 1 });
    const res = await chat(gw, k.key);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchyard-response-cost")).toBe("0.00002");
    const info = await eventually(async () => {
      const i = await admin(gw, `/key/info?key=${k.key}`);
      return i.info.spend > 0 ? i.info : undefined;
    }, "spend on the key");
    expect(micros(info.spend)).toBe(20);
    expect(micros(info.remaining_budget)).toBe(1_000_000 - 20);
    expect(info).toMatchObject({ key_alias: "worker", max_budget: 1, token: k.token });
    // by hash too
    expect((await admin(gw, `/key/info?key=${k.token}`)).info.key_alias).toBe("worker");
  });

  it("update changes models (403 naming the model), aliases and limits; /v1/models follows", async () => {
    const k = await newKey(gw, { models: ["priced"] });
    expect((await chat(gw, k.key, { model: "pricey" })).status).toBe(403);
    const denied = await json(await chat(gw, k.key, { model: "pricey" }));
    expect(denied.error).toMatchObject({ type: "permission_denied", param: "model", code: "key_model_access_denied" });
    expect(denied.error.message).toContain('"pricey"');
    const models = await json(await gw.call("/v1/models", { headers: { authorization: `Bearer ${k.key}` } }));
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(["priced"]);

    const updated = await admin(gw, "/key/update", {
      key: k.key,
      models: ["pricey"],
      aliases: { cheap: "pricey" },
      rpm_limit: 100,
    });
    expect(updated).toMatchObject({ models: ["pricey"], rpm_limit: 100 });
    expect((await chat(gw, k.key, { model: "pricey" })).status).toBe(200);
    expect((await chat(gw, k.key, { model: "cheap" })).status).toBe(200);
    expect(up.requests.at(-1)!.json()).toMatchObject({ model: "test-model-b" });
    expect((await chat(gw, k.key, { model: "priced" })).status).toBe(403);
  });

  it("a blocked key gets 401 without the key in the message; unblock restores it", async () => {
    const k = await newKey(gw, { key_alias: "blockme" });
    expect((await chat(gw, k.key)).status).toBe(200);
    expect((await admin(gw, "/key/block", { key: k.key })).blocked).toBe(true);
    const res = await chat(gw, k.key);
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body.error).toMatchObject({ type: "authentication_error", code: "key_blocked" });
    expect(body.error.message).toContain("blockme");
    expect(body.error.message).not.toContain(k.key);
    await admin(gw, "/key/unblock", { key: k.token });
    expect((await chat(gw, k.key)).status).toBe(200);
  });

  it("regenerate: the old key stops, the new one keeps the id, budget and spend", async () => {
    const k = await newKey(gw, { key_alias: "rotating", max_budget: 2 });
    expect((await chat(gw, k.key)).status).toBe(200);
    await eventually(
      async () => ((await admin(gw, `/key/info?key=${k.key}`)).info.spend > 0 ? true : undefined),
      "spend",
    );
    const r = await admin(gw, "/key/regenerate", { key: k.key });
    expect(r.key).not.toBe(k.key);
    expect(r).toMatchObject({ token_id: k.token_id, key_alias: "rotating", max_budget: 2 });
    expect(micros(r.spend)).toBe(20);
    const old = await chat(gw, k.key);
    expect(old.status).toBe(401);
    expect((await json(old)).error.code).toBe("invalid_api_key");
    expect((await chat(gw, r.key)).status).toBe(200);
  });

  it("an expired key gets 401 expired_key", async () => {
    const k = await newKey(gw, { duration: "1s" });
    expect(k.expires).toBeTruthy();
    const body = await eventually(async () => {
      const res = await chat(gw, k.key);
      return res.status === 401 ? json<{ error: { code: string; message: string } }>(res) : undefined;
    }, "the key to expire");
    expect(body!.error).toMatchObject({ code: "expired_key" });
    expect(body!.error.message).toMatch(/expired at \d{4}-/);
  });

  it("delete by key or alias: the key gets 401 at once; unknown keys are 404", async () => {
    const a = await newKey(gw, { key_alias: "del-a" });
    const b = await newKey(gw, { key_alias: "del-b" });
    expect((await chat(gw, a.key)).status).toBe(200);
    const res = await admin(gw, "/key/delete", { keys: [a.key], key_aliases: ["del-b"] });
    expect(res.deleted_keys).toEqual([a.key_name, "del-b"]);
    expect(JSON.stringify(res)).not.toContain(a.key);
    for (const k of [a, b]) expect((await json(await chat(gw, k.key))).error.code).toBe("invalid_api_key");
    expect((await gw.call("/key/delete", { body: { key_aliases: ["del-b"] } })).status).toBe(404);
    expect((await gw.call(`/key/info?key=${a.key}`)).status).toBe(404);
  });

  it("lists keys page by page, filtered", async () => {
    await admin(gw, "/user/new", { user_id: "lister", auto_create_key: false });
    for (let i = 0; i < 3; i++) await newKey(gw, { user_id: "lister", key_alias: `list-${i}` });
    const p1 = await admin(gw, "/key/list?user_id=lister&size=2&page=1");
    expect(p1).toMatchObject({ total_count: 3, current_page: 1, total_pages: 2 });
    expect(p1.keys).toHaveLength(2);
    expect(p1.keys[0]).toMatch(/^[0-9a-f]{64}$/);
    const p2 = await admin(gw, "/key/list?user_id=lister&size=2&page=2&return_full_object=true");
    expect(p2.keys).toHaveLength(1);
    expect(p2.keys[0]).toMatchObject({ user_id: "lister", key_alias: "list-0" });
  });

  it("validates input: 400 naming the field, 404 for unknown ids, 400 for a duplicate alias", async () => {
    const neg = await gw.call("/key/generate", { body: { max_budget: -1 } });
    expect(neg.status).toBe(400);
    expect((await json(neg)).error).toMatchObject({ param: "max_budget", type: "invalid_request_error" });
    const dur = await json(await gw.call("/key/generate", { body: { budget_duration: "soon" } }));
    expect(dur.error.param).toBe("budget_duration");
    const unknownField = await json(await gw.call("/key/generate", { body: { model_rpm_limit: { "gpt-4o": 5 } } }));
    expect(unknownField.error.param).toBe("model_rpm_limit");
    const team = await gw.call("/key/generate", { body: { team_id: "no-such-team" } });
    expect(team.status).toBe(404);
    expect((await json(team)).error).toMatchObject({ param: "team_id", type: "not_found_error" });
    expect((await gw.call("/key/update", { body: { key: "sk-nope", max_budget: 1 } })).status).toBe(404);
    await newKey(gw, { key_alias: "dup" });
    const dup = await gw.call("/key/generate", { body: { key_alias: "dup" } });
    expect(dup.status).toBe(400);
    expect((await json(dup)).error).toMatchObject({ param: "key_alias", code: "already_exists" });
    expect((await gw.call("/key/info")).status).toBe(400);
  });

  it("unknown keys get 401 without being echoed", async () => {
    const fake = "sk-thisKeyDoesNotExist0123456789abcdefghijklmn";
    const res = await chat(gw, fake);
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toContain(fake);
    expect(JSON.parse(text).error.code).toBe("invalid_api_key");
  });
});
