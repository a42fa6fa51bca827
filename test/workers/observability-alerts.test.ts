import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, type TestGateway } from "../helpers/gateway.js";
import { admin, chat, eventually, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";
import { type MockUpstream, type RecordedRequest, sendJson, startMockUpstream } from "../helpers/mock-upstream.js";
import { finishRequests, fireCron, startObservedGateway } from "../helpers/observability.js";
import { MARK_SQL, ROLLUP_SQL } from "../../src/state/cloudflare/spend-daily.js";
import { INSERT_SPEND_SQL, spendRecordOf } from "../../src/state/cloudflare/spend-log-row.js";

// Alerts (Slack and webhook, once per condition), Cron Triggers (spend report, background health
// checks, spend-log retention to R2) and the daily spend aggregates, in workerd.
let up: MockUpstream;
let recv: MockUpstream;
let gw: TestGateway;
const DAY = 86_400_000;
const MINUTE_CRON = "* * * * *";
const DAILY_CRON = "5 0 * * *";

beforeAll(async () => {
  up = await startMockUpstream((req, res) =>
    replyJson(res, usage(10, (req.json() as { max_tokens?: number }).max_tokens ?? 10)),
  );
  recv = await startMockUpstream((_req, res) => sendJson(res, 200, { ok: true }));
  gw = await startObservedGateway({
    config: configWith(
      pricedModels(up.url),
      `  alerting: [slack, webhook]
  alerting_threshold: 5
  background_health_checks: true
  health_check_interval: 300
  spend_logs_retention_days: 1
`,
    ),
    vars: { SLACK_WEBHOOK_URL: `${recv.url}/slack`, WEBHOOK_URL: `${recv.url}/webhook` },
  });
});
afterAll(async () => {
  await gw?.stop();
  await up?.close();
  await recv?.close();
});

const slack = () => recv.requests.filter((r) => r.path === "/slack").map((r) => (r.json() as { text: string }).text);
const webhooks = () =>
  recv.requests.filter((r) => r.path === "/webhook").map((r: RecordedRequest) => r.json() as Record<string, any>);
const settle = () => new Promise((r) => setTimeout(r, 3000)); // longer than a queue batch window

describe("alerts", () => {
  it("a budget alert fires once at 80% of max_budget, and once when the budget is exceeded", async () => {
    const budget = (spend: number) => ({
      record: { key_hash: "f".repeat(64), key_alias: "svc-budget", team_id: "team-x" },
      teamAlias: "Platform",
      budgets: [
        {
          scope: "key" as const,
          id: "f".repeat(64),
          alias: "svc-budget",
          spend_micros: spend,
          max_budget_micros: 10_000_000,
          soft_budget_micros: null,
          period_start: 1,
        },
      ],
    });
    // 70% .. 98%: one alert at the threshold, however many requests pass it
    await finishRequests(gw, [7_000_000, 8_100_000, 8_500_000, 9_000_000, 9_800_000].map(budget));
    await eventually(
      async () => (slack().some((t) => t.includes("svc-budget")) ? true : undefined),
      "the threshold alert",
    );
    await finishRequests(gw, [9_850_000, 9_900_000].map(budget));
    await settle();
    const threshold = slack().filter((t) => t.includes("svc-budget"));
    expect(threshold).toHaveLength(1);
    expect(threshold[0]).toContain("Key svc-budget has reached 80% of its budget");
    expect(threshold[0]).toContain("*Spend:* $8.10");
    expect(threshold[0]).toContain("*Max budget:* $10.00");
    expect(threshold[0]).toContain("*Team:* Platform");
    const hooks = webhooks().filter((w) => w.key_alias === "svc-budget");
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      alert_type: "budget_alerts",
      event: "threshold_crossed",
      event_group: "key",
      spend: 8.1,
      max_budget: 10,
      token: "f".repeat(64),
      team_id: "team-x",
      team_alias: "Platform",
    });

    // past the budget: one more alert, of the other kind
    await finishRequests(gw, [10_200_000, 10_400_000, 11_000_000].map(budget));
    await eventually(
      async () => (slack().filter((t) => t.includes("svc-budget")).length === 2 ? true : undefined),
      "the exceeded alert",
    );
    await settle();
    const all = slack().filter((t) => t.includes("svc-budget"));
    expect(all).toHaveLength(2);
    expect(all[1]).toContain("Key svc-budget has exceeded its budget");
    expect(
      webhooks()
        .filter((w) => w.key_alias === "svc-budget")
        .map((w) => w.event),
    ).toEqual(["threshold_crossed", "budget_crossed"]);
  });

  it("a slow request alerts once per deployment, naming the key and the figures", async () => {
    await finishRequests(gw, [
      { record: { latency_ms: 9000, key_alias: "svc-slow", deployment_id: "slow-d" } },
      { record: { latency_ms: 12000, key_alias: "svc-slow", deployment_id: "slow-d" } },
      { record: { latency_ms: 1000, key_alias: "svc-slow", deployment_id: "fast-d" } },
    ]);
    await eventually(
      async () => (slack().some((t) => t.includes("llm_too_slow")) ? true : undefined),
      "the slow alert",
    );
    await settle();
    const slow = slack().filter((t) => t.includes("llm_too_slow"));
    expect(slow).toHaveLength(1);
    expect(slow[0]).toContain("*Deployment:* slow-d");
    expect(slow[0]).toContain("*Key alias:* svc-slow");
    expect(slow[0]).toContain("*Threshold:* 5.0 s");
  });
});

describe("spend at scale and the Cron Triggers", () => {
  let team: { team_id: string };
  const ids: string[] = [];

  it("daily aggregates equal the raw rows' sums, by key, team, user, end user, model group and tag", async () => {
    team = await admin(gw, "/team/new", { team_alias: "Data Science" });
    await admin(gw, "/user/new", { user_id: "ada", auto_create_key: false });
    const a = await newKey(gw, { key_alias: "svc-alpha", team_id: team.team_id, user_id: "ada" });
    const b = await newKey(gw, { key_alias: "svc-beta" });
    const sends = [
      chat(gw, a.key, { max_tokens: 100, user: "eu-1", tags: ["etl", "nightly"] }),
      chat(gw, a.key, { max_tokens: 50, user: "eu-2", tags: ["etl"] }),
      chat(gw, a.key, { model: "pricey", max_tokens: 30 }),
      chat(gw, b.key, { max_tokens: 20, user: "eu-1" }),
      chat(gw, b.key, { model: "pricey", max_tokens: 10, tags: ["nightly"] }),
    ];
    for (const r of await Promise.all(sends)) {
      expect(r.status).toBe(200);
      ids.push(r.headers.get("x-request-id")!);
    }
    const db = await gw.mf.getD1Database("DB");
    await eventually(async () => {
      const n = await db.prepare("SELECT COUNT(*) AS n FROM spend_logs").first<{ n: number }>();
      return n!.n === 5 ? true : undefined;
    }, "the spend rows");
    const raw = {
      key: "key_hash",
      team: "team_id",
      user: "user_id",
      end_user: "end_user",
      model: "model_group",
    } as const;
    const DAY_SQL = "strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')";
    for (const [dim, col] of Object.entries(raw)) {
      const want = (
        await db
          .prepare(
            `SELECT ${DAY_SQL} AS day, COALESCE(${col}, '') AS grp, COUNT(*) AS requests, SUM(cost_micros) AS cost, SUM(prompt_tokens) AS p, SUM(completion_tokens) AS c FROM spend_logs GROUP BY day, grp ORDER BY day, grp`,
          )
          .all()
      ).results;
      const got = (
        await db
          .prepare(
            "SELECT day, grp, SUM(requests) AS requests, SUM(cost_micros) AS cost, SUM(prompt_tokens) AS p, SUM(completion_tokens) AS c FROM spend_daily WHERE dim = ? GROUP BY day, grp ORDER BY day, grp",
          )
          .bind(dim)
          .all()
      ).results;
      expect(got, dim).toEqual(want);
    }
    const tags = (
      await db
        .prepare(
          "SELECT grp, SUM(requests) AS n, SUM(cost_micros) AS cost FROM spend_daily WHERE dim = 'tag' GROUP BY grp ORDER BY grp",
        )
        .all()
    ).results;
    expect(tags).toEqual([
      { grp: "etl", n: 2, cost: 150 },
      { grp: "nightly", n: 2, cost: 120 },
    ]);
    // the write path again with the same records (an outbox retry) plus one new: only the new one is added
    const rows = (await db.prepare("SELECT * FROM spend_logs").all<Record<string, unknown>>()).results.map(
      spendRecordOf,
    );
    const extra = { ...rows[0]!, request_id: "req-extra", cost_micros: 1000, tags: [] };
    await db.batch([
      db.prepare(MARK_SQL),
      db.prepare(INSERT_SPEND_SQL).bind(JSON.stringify([...rows, extra])),
      db.prepare(ROLLUP_SQL),
    ]);
    const sums = await db
      .prepare("SELECT SUM(requests) AS n, SUM(cost_micros) AS c FROM spend_daily WHERE dim = 'model'")
      .first<{ n: number; c: number }>();
    expect(sums).toEqual({ n: 6, c: 1250 });
    await db.prepare("DELETE FROM spend_logs WHERE request_id = 'req-extra'").run();
    await db.prepare("DELETE FROM spend_daily").run();
    await db.batch([db.prepare("UPDATE spend_rollup_mark SET last_rowid = 0"), db.prepare(ROLLUP_SQL)]); // rebuilt from the rows
  });

  it("the daily Cron Trigger sends the spend report by team and key", async () => {
    const tomorrow = Math.floor(Date.now() / DAY) * DAY + DAY + 5 * 60_000;
    await fireCron(gw, DAILY_CRON, tomorrow);
    const report = await eventually(
      async () => slack().find((t) => t.includes("Daily spend report")),
      "the spend report",
    );
    expect(report).toContain("*Total spend:* $0.00"); // 250 µ$
    expect(report).toContain("*Requests:* 5");
    expect(report).toContain("1. Data Science: $0.00 (3 requests)");
    expect(report).toMatch(/svc-alpha: \$0\.00 \(3 requests\)/);
    expect(report).toMatch(/svc-beta: \$0\.00 \(2 requests\)/);
    const hook = await eventually(
      async () => webhooks().find((w) => w.alert_type === "spend_reports"),
      "the spend report webhook",
    );
    expect(hook).toMatchObject({ event: "spend_report", spend: 0.00025 });
    expect(hook.teams).toEqual([{ team_id: team.team_id, team_alias: "Data Science", spend: 0.00021, requests: 3 }]);
  });

  it("background health checks run from the minute Cron Trigger, and GET /health answers from them", async () => {
    const probes = () => up.requests.filter((r) => (r.json() as { max_tokens?: number }).max_tokens === 1).length;
    const before = probes();
    await fireCron(gw, MINUTE_CRON);
    expect(probes() - before).toBe(2); // one minimal call per deployment
    const res = await gw.call("/health");
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ healthy_count: 2, unhealthy_count: 0 });
    expect(Date.parse(body.last_checked_at)).toBeGreaterThan(Date.now() - 60_000);
    // within health_check_interval the next minute does not check again, and GET /health makes no call
    await fireCron(gw, MINUTE_CRON, Date.now() + 60_000);
    await gw.call("/health");
    expect(probes() - before).toBe(2);
    const metrics = await eventually(async () => {
      const t = await (await gw.call("/metrics")).text();
      return t.includes("litellm_deployment_state") ? t : undefined;
    }, "the deployment state gauge");
    expect(metrics).toMatch(/litellm_deployment_state\{[^}]*model_id="priced-[^"]+"[^}]*\} 0/);
  });

  it("spend-log retention exports old rows to R2 as gzip JSON lines, then deletes exactly those; aggregates stay", async () => {
    const db = await gw.mf.getD1Database("DB");
    const aggBefore = await db
      .prepare("SELECT SUM(cost_micros) AS c FROM spend_daily WHERE dim = 'model'")
      .first<{ c: number }>();
    await fireCron(gw, MINUTE_CRON, Date.now() + 2 * DAY);
    const left = await db.prepare("SELECT COUNT(*) AS n FROM spend_logs").first<{ n: number }>();
    expect(left!.n).toBe(0);
    const bucket = await gw.mf.getR2Bucket("LOGS_BUCKET");
    const objects = (await bucket.list({ prefix: "spend-logs/" })).objects;
    expect(objects).toHaveLength(1);
    const gz = await (await bucket.get(objects[0]!.key))!.arrayBuffer();
    const rows = gunzipSync(Buffer.from(gz))
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { request_id: string; cost_micros: number });
    expect(rows.map((r) => r.request_id).sort()).toEqual([...ids].sort());
    expect(rows.reduce((a, r) => a + r.cost_micros, 0)).toBe(aggBefore!.c);
    const aggAfter = await db
      .prepare("SELECT SUM(cost_micros) AS c FROM spend_daily WHERE dim = 'model'")
      .first<{ c: number }>();
    expect(aggAfter!.c).toBe(aggBefore!.c);
  });
});
