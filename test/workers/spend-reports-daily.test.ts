import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { startMockUpstream, type MockUpstream, type RecordedRequest } from "../helpers/mock-upstream.js";
import { admin, chat, eventually, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";

// The management API's spend reports read the daily aggregates where a whole-day query makes them
// exact, and answer exactly as the raw rows would; they keep answering after the raw rows are gone
// (exported and deleted by retention).
let up: MockUpstream;
let gw: TestGateway;

beforeAll(async () => {
  up = await startMockUpstream((req: RecordedRequest, res) => {
    const body = req.json() as { max_tokens?: number };
    replyJson(res, usage(7, body.max_tokens ?? 10));
  });
  gw = await startGateway({ config: configWith(pricedModels(up.url)) });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
});

const today = new Date().toISOString().slice(0, 10);
/** The same period as `start_date=today`, written as a time: not a whole day, so the raw rows answer. */
const justBefore = new Date(Date.parse(`${today}T00:00:00Z`) - 1).toISOString();

describe("spend reports from the daily aggregates", () => {
  it("whole-day reports match the raw rows exactly, and survive the raw rows' deletion", async () => {
    const teamA = await admin(gw, "/team/new", { team_alias: "Aggregated A" });
    const teamB = await admin(gw, "/team/new", { team_alias: "Aggregated B" });
    await admin(gw, "/user/new", { user_id: "agg-user", auto_create_key: false });
    const k1 = await newKey(gw, { team_id: teamA.team_id, user_id: "agg-user", key_alias: "agg-1" });
    const k2 = await newKey(gw, { team_id: teamB.team_id, key_alias: "agg-2" });
    const k3 = await newKey(gw, { key_alias: "agg-3" }); // no team
    const calls = [
      chat(gw, k1.key, { max_tokens: 10, tags: ["x"], user: "cust-a" }),
      chat(gw, k1.key, { model: "pricey", max_tokens: 20, tags: ["x", "y"] }),
      chat(gw, k2.key, { max_tokens: 30, user: "cust-b" }),
      chat(gw, k2.key, { model: "nope", max_tokens: 30 }), // 400: a record without a model group
      chat(gw, k3.key, { model: "pricey", max_tokens: 40, tags: ["y"], user: "cust-a" }),
    ];
    await Promise.all(calls);
    await eventually(
      async () => ((await admin(gw, `/global/spend?start_date=${today}`)).requests >= 5 ? true : undefined),
      "the records",
    );

    const queries = [
      ...["team", "api_key", "user", "model", "tag", "customer"].map((by) => `/global/spend/report?group_by=${by}`),
      `/global/spend/report?group_by=team&team_id=${teamA.team_id}`,
      `/global/spend/report?group_by=model&api_key=${k2.token}`,
      "/global/spend",
      `/global/spend?team_id=${teamB.team_id}`,
      "/global/spend?customer_id=cust-a",
      `/global/spend?api_key=${k1.token}`,
      "/global/spend/logs",
      "/global/spend/logs?user_id=agg-user",
    ];
    const sep = (q: string) => (q.includes("?") ? "&" : "?");
    const answers = new Map<string, unknown>();
    for (const q of queries) {
      const fromAggregates = await admin(gw, `${q}${sep(q)}start_date=${today}`);
      const fromRows = await admin(gw, `${q}${sep(q)}start_date=${encodeURIComponent(justBefore)}`);
      expect(fromAggregates, q).toEqual(fromRows);
      answers.set(q, fromAggregates);
    }
    const byTeam = answers.get("/global/spend/report?group_by=team") as Array<{
      teams: Array<Record<string, unknown>>;
    }>;
    expect(byTeam[0]!.teams.find((t) => t.team_id === teamA.team_id)).toMatchObject({
      team_name: "Aggregated A",
      total_spend_micros: 10 + 40,
      requests: 2,
    });

    // Retention exports and deletes raw rows; the aggregates stay, and so do the whole-day reports.
    await gw.mf.getD1Database("DB").then((db) => db.prepare("DELETE FROM spend_logs").run());
    for (const q of queries) expect(await admin(gw, `${q}${sep(q)}start_date=${today}`), q).toEqual(answers.get(q));
    const rawNow = await admin(gw, `/global/spend?start_date=${encodeURIComponent(justBefore)}`);
    expect(rawNow.requests).toBe(0);
  });
});
