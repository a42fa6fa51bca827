import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerResponse } from "node:http";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.js";
import { admin, chat, eventually, json, micros, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";

// Exact budgets under concurrency, spend logs that agree with the ledgers to the micro-dollar,
// spend reports, and a D1 outage that loses no spend record.
let up: MockUpstream;
let gw: TestGateway;

/** Bills 80% of max_tokens, a little later (so concurrent requests overlap). */
function reply(req: RecordedRequest, res: ServerResponse): void {
  const body = req.json() as { max_tokens?: number };
  setTimeout(() => replyJson(res, usage(10, Math.round((body.max_tokens ?? 10) * 0.8))), 20);
}

beforeAll(async () => {
  up = await startMockUpstream(reply);
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

type Logs = Array<
  { request_id: string; spend: number; cost_micros: number; status_code: number; api_key: string } & Record<
    string,
    unknown
  >
>;

describe("exact budgets", () => {
  it("100 concurrent requests against a budget that covers about 10: recorded spend never passes max_budget", async () => {
    const k = await newKey(gw, { key_alias: "burst", max_budget: 0.001 }); // 1000 µ$; each request may cost 100, costs 80
    const before = up.requests.length;
    const results = await Promise.all(Array.from({ length: 100 }, () => chat(gw, k.key, { max_tokens: 100 })));
    const ok = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 429);
    expect(ok + refused.length).toBe(100);
    expect(ok).toBeGreaterThanOrEqual(10); // a refusal needs ≥ 10 admitted: each holds at most 100 of the 1000
    expect(ok).toBeLessThanOrEqual(12); // 12 × 80 = 960; a 13th could pass 1000
    for (const r of refused) expect((await json(r)).error.type).toBe("budget_exceeded");
    expect(up.requests.length - before).toBe(ok);

    const ledgerSpend = await eventually(async () => {
      const s = micros((await admin(gw, `/key/info?key=${k.key}`)).info.spend);
      return s === ok * 80 ? s : undefined;
    }, "every settlement");
    expect(ledgerSpend).toBeLessThanOrEqual(1000);

    // every request, admitted or refused, has one spend record; they sum to the ledger's spend exactly
    const totals = await eventually(async () => {
      const t = await admin(gw, `/global/spend?api_key=${k.token}`);
      return t.requests === 100 ? t : undefined;
    }, "all 100 spend records");
    expect(totals.spend_micros).toBe(ledgerSpend);
    const logs = await admin<Logs>(gw, `/spend/logs?api_key=${k.key}`);
    expect(logs).toHaveLength(100);
    expect(logs.filter((l) => l.status_code === 200)).toHaveLength(ok);
    expect(logs.filter((l) => l.status_code === 429 && l.cost_micros === 0)).toHaveLength(100 - ok);
    expect(logs.reduce((a, l) => a + l.cost_micros, 0)).toBe(ledgerSpend);
  });
});

describe("spend logs and reports", () => {
  it("one record per request with who, what and how much, never content or secrets; filters narrow it", async () => {
    const team = await admin(gw, "/team/new", { team_alias: "Reports" });
    await admin(gw, "/user/new", { user_id: "rita", auto_create_key: false });
    const k = await newKey(gw, { team_id: team.team_id, user_id: "rita", key_alias: "reporter" });
    const secret = "a secret prompt that must not be logged";
    const res = await chat(gw, k.key, {
      model: "pricey",
      max_tokens: 50,
      user: "end-user-7",
      tags: ["nightly"],
      messages: [{ role: "user", content: secret }],
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    const [log] = await eventually(async () => {
      const l = await admin<Logs>(gw, `/spend/logs?request_id=${requestId}`);
      return l.length ? l : undefined;
    }, "the record");
    expect(log).toMatchObject({
      request_id: requestId,
      api_key: k.token,
      key_alias: "reporter",
      team_id: team.team_id,
      user: "rita",
      end_user: "end-user-7",
      model_group: "pricey",
      model: "test-model-b",
      custom_llm_provider: "openai",
      prompt_tokens: 10,
      completion_tokens: 40,
      spend: 0.00008,
      cost_micros: 80,
      status: "success",
      status_code: 200,
      request_tags: ["nightly"],
      stream: false,
      metadata: {},
      completionStartTime: null,
    });
    const db = await gw.mf.getD1Database("DB");
    const dump = JSON.stringify((await db.prepare("SELECT * FROM spend_logs").all()).results);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain("sk-upstream");
    expect(dump).not.toContain(k.key);

    for (const q of [
      `api_key=${k.token}`,
      `team_id=${team.team_id}`,
      "user_id=rita",
      "end_user=end-user-7",
      "model=pricey",
    ]) {
      const l = await admin<Logs>(gw, `/spend/logs?${q}`);
      expect(
        l.map((x) => x.request_id),
        q,
      ).toContain(requestId);
      expect(
        l.every((x) => x.team_id === team.team_id || !q.startsWith("team_id")),
        q,
      ).toBe(true);
    }
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await admin<Logs>(gw, `/spend/logs?team_id=${team.team_id}&start_date=${today}&end_date=${today}`)).length,
    ).toBe(1);
    expect((await admin<Logs>(gw, `/spend/logs?team_id=${team.team_id}&end_date=2000-01-01`)).length).toBe(0);
  });

  it("reports group spend per day by team, key, user, model, tag and end user; totals match the ledgers", async () => {
    const team = await admin(gw, "/team/new", { team_alias: "Grouped" });
    const k1 = await newKey(gw, { team_id: team.team_id });
    const k2 = await newKey(gw, { team_id: team.team_id });
    expect((await chat(gw, k1.key, { max_tokens: 100, tags: ["a"], user: "cust-1" })).status).toBe(200); // 80
    expect(
      (await chat(gw, k2.key, { model: "pricey", max_tokens: 100, tags: ["a", "b"], user: "cust-2" })).status,
    ).toBe(200); // 160
    await eventually(
      async () => ((await admin(gw, `/global/spend?team_id=${team.team_id}`)).requests === 2 ? true : undefined),
      "records",
    );
    const today = new Date().toISOString().slice(0, 10);
    const report = async (by: string) =>
      admin<Array<Record<string, any>>>(
        gw,
        `/global/spend/report?group_by=${by}&team_id=${team.team_id}&start_date=${today}&end_date=${today}`,
      );

    const byTeam = await report("team");
    expect(byTeam).toHaveLength(1);
    expect(byTeam[0]!.group_by_day).toBe(today);
    expect(byTeam[0]!.teams).toEqual([
      expect.objectContaining({ team_name: "Grouped", team_id: team.team_id, total_spend_micros: 240, requests: 2 }),
    ]);
    expect(byTeam[0]!.teams[0].metadata).toHaveLength(2);

    const byKey = (await report("api_key"))[0]!.api_keys as Array<Record<string, any>>;
    expect(Object.fromEntries(byKey.map((g) => [g.api_key, g.total_spend_micros]))).toEqual({
      [k1.token]: 80,
      [k2.token]: 160,
    });
    const byModel = (await report("model"))[0]!.models as Array<Record<string, any>>;
    expect(Object.fromEntries(byModel.map((g) => [g.model, g.total_spend_micros]))).toEqual({
      priced: 80,
      pricey: 160,
    });
    const byTag = (await report("tag"))[0]!.tags as Array<Record<string, any>>;
    expect(Object.fromEntries(byTag.map((g) => [g.tag, g.total_spend_micros]))).toEqual({ a: 240, b: 160 });
    const byCustomer = (await report("customer"))[0]!.customers as Array<Record<string, any>>;
    expect(Object.fromEntries(byCustomer.map((g) => [g.customer, g.total_spend_micros]))).toEqual({
      "cust-1": 80,
      "cust-2": 160,
    });

    const teamInfo = await admin(gw, `/team/info?team_id=${team.team_id}`);
    expect(micros(teamInfo.team_info.spend)).toBe(240);
    const daily = await admin<Array<Record<string, any>>>(gw, `/global/spend/logs?team_id=${team.team_id}`);
    expect(daily).toEqual([expect.objectContaining({ date: today, spend_micros: 240, api_requests: 2 })]);
  });
});

describe("durable spend records", () => {
  it("a batch handed over as an array (the previous version's form, during a deploy) lands like any other", async () => {
    const ns = await gw.mf.getDurableObjectNamespace("SPEND_OUTBOX");
    const stub = ns.get(ns.idFromName("spend-outbox-0")) as unknown as { append(batch: unknown): Promise<void> };
    const record = {
      request_id: "legacy-array-1",
      created_at: Date.now(),
      key_hash: null,
      key_alias: null,
      team_id: null,
      user_id: null,
      end_user: null,
      model_group: "m",
      requested_model: "m",
      deployment_id: "d",
      provider: "openai",
      model: "m",
      prompt_tokens: 1,
      completion_tokens: 2,
      cached_tokens: 0,
      reasoning_tokens: 0,
      cost_micros: 3,
      status: 200,
      error_type: null,
      latency_ms: 4,
      ttft_ms: null,
      stream: false,
      attempted_retries: 0,
      attempted_fallbacks: 0,
      tags: ["old"],
      metadata: {},
    };
    await stub.append([record]);
    const [log] = await eventually(async () => {
      const l = await admin<Logs>(gw, "/spend/logs?request_id=legacy-array-1");
      return l.length ? l : undefined;
    }, "the array-form record");
    expect(log).toMatchObject({ request_id: "legacy-array-1", cost_micros: 3, request_tags: ["old"] });
  });

  it("while D1 fails the records wait in the outbox and are retried; after it recovers every one lands", async () => {
    const k = await newKey(gw, { key_alias: "outage" });
    const db = await gw.mf.getD1Database("DB");
    await db.exec("ALTER TABLE spend_logs RENAME TO spend_logs_parked");
    const ids: string[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const res = await chat(gw, k.key, { max_tokens: 10 });
        expect(res.status).toBe(200);
        ids.push(res.headers.get("x-request-id")!);
      }
      const backlog = await eventually(async () => {
        const b = await admin(gw, "/spend/outbox");
        return b.failing_shards > 0 && b.pending >= 8 ? b : undefined;
      }, "a failed flush with the records kept");
      expect(backlog.dead).toBe(0);
    } finally {
      await db.exec("ALTER TABLE spend_logs_parked RENAME TO spend_logs");
    }
    const landed = await eventually(
      async () => {
        const logs = await admin<Logs>(gw, `/spend/logs?api_key=${k.token}`);
        return logs.length === 8 ? logs : undefined;
      },
      "every record after D1 recovers",
      60_000,
    );
    expect(landed.map((l) => l.request_id).sort()).toEqual([...ids].sort());
    expect(landed.reduce((a, l) => a + l.cost_micros, 0)).toBe(8 * 8);
    await eventually(
      async () => ((await admin(gw, "/spend/outbox")).pending === 0 ? true : undefined),
      "an empty outbox",
    );
  });
  it("a record D1 refuses on its own is set aside in the dead table; the rest of its batch lands", async () => {
    const ns = await gw.mf.getDurableObjectNamespace("SPEND_OUTBOX");
    const stub = ns.get(ns.idFromName("spend-outbox-1")) as unknown as { append(batch: string): Promise<void> };
    const good = {
      request_id: "poison-neighbour",
      created_at: Date.now(),
      key_hash: null,
      key_alias: null,
      team_id: null,
      user_id: null,
      end_user: null,
      model_group: "m",
      requested_model: "m",
      deployment_id: "d",
      provider: "openai",
      model: "m",
      prompt_tokens: 1,
      completion_tokens: 2,
      cached_tokens: 0,
      reasoning_tokens: 0,
      cost_micros: 3,
      status: 200,
      error_type: null,
      latency_ms: 4,
      ttft_ms: null,
      stream: false,
      attempted_retries: 0,
      attempted_fallbacks: 0,
      tags: [],
      metadata: {},
    };
    const poisoned = { ...good, request_id: "poisoned", prompt_tokens: null }; // violates NOT NULL
    await stub.append(JSON.stringify([good, poisoned]));
    // the batch fails as a whole; after three failures the outbox writes record by record
    const backlog = await eventually(
      async () => {
        const b = await admin(gw, "/spend/outbox");
        return b.dead === 1 ? b : undefined;
      },
      "the poisoned record in the dead table",
      40_000,
    );
    expect(backlog.dead).toBe(1);
    expect((await admin<Logs>(gw, "/spend/logs?request_id=poison-neighbour")).map((l) => l.cost_micros)).toEqual([3]);
    expect(await admin<Logs>(gw, "/spend/logs?request_id=poisoned")).toEqual([]);
  }, 60_000);
});
