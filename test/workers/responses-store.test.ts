import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResponseStore } from "../../src/responses/store.js";
import { D1ResponseStore } from "../../src/state/cloudflare/d1-response-store.js";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { DAY, responseStoreContract, storedResponse, T0, type TestClock } from "../helpers/response-store-contract.js";

// The D1 + R2 response store against workerd's own D1 and R2 (Miniflare's bindings, the worker's
// migrations applied), and the Cron Trigger that deletes expired responses, run by the built worker.
let gw: TestGateway;
let db: D1Database;
let bucket: R2Bucket;

beforeAll(async () => {
  gw = await startGateway({
    config: configWith("  - model_name: m\n    litellm_params: { model: openai/gpt-x, api_key: sk-unused }"),
  });
  db = (await gw.mf.getD1Database("DB")) as unknown as D1Database;
  bucket = (await gw.mf.getR2Bucket("RESPONSES_BUCKET")) as unknown as R2Bucket;
});
afterAll(async () => {
  await gw?.stop();
});

async function emptyStore(clock: TestClock): Promise<ResponseStore> {
  await db.batch([db.prepare("DELETE FROM response_items"), db.prepare("DELETE FROM responses")]);
  const listed = await bucket.list();
  if (listed.objects.length) await bucket.delete(listed.objects.map((o) => o.key));
  return new D1ResponseStore(db, { bucket, now: () => clock.now });
}

async function objectKeys(): Promise<string[]> {
  return (await bucket.list()).objects.map((o) => o.key).sort();
}

async function rowCount(table: "responses" | "response_items"): Promise<number> {
  const r = await db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>();
  return r?.n ?? -1;
}

const BIG = "x".repeat(100 * 1024); // past the 64 KiB a D1 row keeps

responseStoreContract("D1 + R2 on workerd", emptyStore);

describe("D1 + R2 response store on workerd", () => {
  it("keeps small bodies in D1 rows and large ones in R2, and reads both back", async () => {
    const clock = { now: T0 };
    const store = await emptyStore(clock);
    const rec = storedResponse("resp-big", { items: 2, text: BIG });
    await store.put(rec);
    const items = await db
      .prepare("SELECT seq, body IS NULL AS in_r2, body_key FROM response_items WHERE response_id = ? ORDER BY seq")
      .bind("resp-big")
      .all<{ seq: number; in_r2: number; body_key: string | null }>();
    expect(items.results.map((r) => [r.seq, r.in_r2])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(await objectKeys()).toEqual(["responses/resp-big/items/0.json"]);
    expect(await store.get("team:a", "resp-big")).toEqual(rec);
    const page = await store.listInputItems("team:a", "resp-big", { limit: 1, order: "asc" });
    expect(page?.data[0]).toEqual(rec.inputItems[0]);
  });

  it("stores many items whose rows together pass one insert's size, all in D1", async () => {
    const store = await emptyStore({ now: T0 });
    const rec = storedResponse("resp-many", { items: 24 });
    rec.inputItems = rec.inputItems.map((item, i) => ({
      ...item,
      content: [{ type: "input_text", text: `${i}:${"y".repeat(60 * 1024)}` }],
    }));
    await store.put(rec);
    expect(await objectKeys()).toEqual([]);
    expect(await rowCount("response_items")).toBe(24);
    expect(await store.get("team:a", "resp-many")).toEqual(rec);
  });

  it("deletes a response's R2 objects with it, and those its new version no longer needs", async () => {
    const store = await emptyStore({ now: T0 });
    await store.put(storedResponse("resp-big", { text: BIG }));
    await store.put(storedResponse("resp-big", { text: "small now" }));
    expect(await objectKeys()).toEqual([]);
    await store.put(storedResponse("resp-big", { text: BIG }));
    expect(await store.delete("team:b", "resp-big")).toBe(false);
    expect(await objectKeys()).toHaveLength(1);
    expect(await store.delete("team:a", "resp-big")).toBe(true);
    expect(await objectKeys()).toEqual([]);
    expect([await rowCount("responses"), await rowCount("response_items")]).toEqual([0, 0]);
  });

  it("the Cron Trigger deletes expired responses, rows and R2 objects, and keeps the rest", async () => {
    const clock = { now: T0 };
    const store = await emptyStore(clock);
    await store.put(storedResponse("resp-old", { text: BIG, ttlDays: 1 }));
    await store.put(storedResponse("resp-new", { text: BIG, ttlDays: 30 }));
    expect(await objectKeys()).toHaveLength(2);

    const worker = await gw.mf.getWorker("switchyard");
    const run = await worker.scheduled({ cron: "17 * * * *", scheduledTime: new Date(T0 + 2 * DAY) });
    expect(run.outcome).toBe("ok");

    const left = await db.prepare("SELECT id FROM responses").all<{ id: string }>();
    expect(left.results.map((r) => r.id)).toEqual(["resp-new"]);
    expect(await rowCount("response_items")).toBe(1);
    expect(await objectKeys()).toEqual(["responses/resp-new/items/0.json"]);
    expect(gw.output()).toContain('"deleted":1');
  });
});
