import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { admin, json, newKey, pricedModels } from "../helpers/keys.js";

// Management writes on hostile or odd records: metadata is bounded at the door, a record stored
// before the bound (metadata nested past what SQLite's JSON functions parse) can still be blocked,
// updated and regenerated, and concurrent updates of one record never end in a 500.
let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({ config: configWith(pricedModels("http://127.0.0.1:9")) });
});
afterAll(async () => {
  await gw?.stop();
});

const nested = (depth: number): unknown => {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
};

async function refusal(path: string, body: unknown): Promise<{ status: number; message: string; param: string }> {
  const res = await gw.call(path, { body });
  const b = await json<{ error: { message: string; param: string } }>(res);
  return { status: res.status, message: b.error?.message, param: b.error?.param };
}

/** Store `metadata` in a record's row directly, as a record written before the bounds existed. */
async function storeRaw(table: "keys" | "teams", idColumn: string, id: string, metadata: unknown) {
  const db = await gw.mf.getD1Database("DB", "switchyard");
  const row = await db.prepare(`SELECT data FROM ${table} WHERE ${idColumn} = ?`).bind(id).first<{ data: string }>();
  const data = JSON.parse(row!.data) as Record<string, unknown>;
  const text = JSON.stringify({ ...data, metadata: { deep: "@@" } }).replace('"@@"', JSON.stringify(metadata));
  await db.prepare(`UPDATE ${table} SET data = ? WHERE ${idColumn} = ?`).bind(text, id).run();
}

describe("metadata at the door", () => {
  it("3 MB of metadata is a 400 naming the field and the limit, on keys, teams and users", async () => {
    const big = { blob: "x".repeat(3 * 1024 * 1024) };
    for (const [path, extra] of [
      ["/key/generate", {}],
      ["/team/new", {}],
      ["/user/new", {}],
    ] as const) {
      const r = await refusal(path, { ...extra, metadata: big });
      expect(r.status, path).toBe(400);
      expect(r.param).toBe("metadata");
      expect(r.message).toContain("65536 bytes");
    }
  });

  it("metadata nested past 16 levels is a 400; 16 levels are kept as sent", async () => {
    const r = await refusal("/key/generate", { metadata: { a: nested(20) } });
    expect(r.status).toBe(400);
    expect(r.message).toContain("deeper than 16 levels");
    const deeper = await refusal("/team/new", { metadata: { a: nested(1000) } });
    expect(deeper.status).toBe(400);
    expect(deeper.param).toBe("metadata.a.n.n");
    const ok = await newKey(gw, { metadata: { a: nested(14) } });
    expect(ok.metadata).toEqual({ a: nested(14) });
  });
});

describe("records stored before the bound", () => {
  it("a key whose metadata nests 1,000 levels can be blocked, updated and regenerated", async () => {
    const k = await newKey(gw, { key_alias: "deep-key" });
    await storeRaw("keys", "token", k.token, nested(1000));
    expect((await admin(gw, "/key/block", { key: k.key })).blocked).toBe(true);
    expect((await admin(gw, "/key/update", { key: k.key, metadata: { fixed: true } })).metadata).toEqual({
      fixed: true,
    });
    await storeRaw("keys", "token", k.token, nested(1000));
    const regenerated = await admin(gw, "/key/regenerate", { key: k.key });
    expect(regenerated.key).toMatch(/^sk-/);
    expect((await admin(gw, "/key/unblock", { key: regenerated.key })).blocked).toBe(false);
  });

  it("a team whose metadata nests 1,000 levels can be blocked and updated", async () => {
    const t = await admin(gw, "/team/new", { team_alias: "deep-team" });
    await storeRaw("teams", "team_id", t.team_id, nested(1000));
    expect((await admin(gw, "/team/block", { team_id: t.team_id })).blocked).toBe(true);
    expect((await admin(gw, "/team/update", { team_id: t.team_id, max_budget: 5 })).max_budget).toBe(5);
  });
});

describe("concurrent updates of one record", () => {
  it("never answer 500: each is applied, or a 409 says the record changed and to repeat", async () => {
    const k = await newKey(gw);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => gw.call("/key/update", { body: { key: k.key, metadata: { n: i } } })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(statuses).toContain(200);
    for (const r of answers.filter((a) => a.status === 409)) {
      const body = await json<{ error: { message: string; code: string } }>(r);
      expect(body.error.code).toBe("conflict");
      expect(body.error.message).toContain("repeat the request");
    }
    const final = await json<{ info: { metadata: { n: number } } }>(await gw.call(`/key/info?key=${k.key}`));
    const applied = await Promise.all(
      answers.filter((a) => a.status === 200).map(async (a) => (await json<{ metadata: { n: number } }>(a)).metadata.n),
    );
    expect(applied).toContain(final.info.metadata.n);
  });
});
