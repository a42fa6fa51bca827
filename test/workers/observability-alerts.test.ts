import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, startGateway, type TestGateway } from "../helpers/gateway.js";
import { admin, chat, eventually, newKey, pricedModels, replyJson, usage } from "../helpers/keys.js";
import { type MockUpstream, type RecordedRequest, sendJson, startMockUpstream } from "../helpers/mock-upstream.js";
import { fireCron } from "../helpers/cron.js";
import { sample } from "../helpers/prometheus-text.js";
import { MARK_SQL, ROLLUP_SQL } from "../../src/state/cloudflare/spend-daily.js";
import { INSERT_SPEND_SQL, spendRecordOf } from "../../src/state/cloudflare/spend-log-row.js";

// Alerts from real traffic through the built worker (Slack and webhook, once per condition),
// Cron Triggers (spend report, background health checks feeding the router's cooldowns,
// spend-log retention to R2) and the daily spend aggregates, in workerd.
let up: MockUpstream;
let recv: MockUpstream;
let gw: TestGateway;
let cron: TestGateway;
const DAY = 86_400_000;
const MINUTE_CRON = "* * * * *";
const DAILY_CRON = "5 0 * * *";
const SLOW_MS = 1500;

const alertModels = (base: string) => `${pricedModels(base)}
  - model_name: slow
    litellm_params: { model: openai/slow-m, api_key: sk-upstream, api_base: "${base}/slow/v1" }
    model_info: { id: slow-d }
  - model_name: pair
    litellm_params: { model: openai/pair-m, api_key: sk-upstream, api_base: "${base}/limited/v1", order: 1, cooldown_time: 600 }
    model_info: { id: pair-1 }
  - model_name: pair
    litellm_params: { model: openai/pair-m, api_key: sk-upstream, api_base: "${base}/v1", order: 2 }
    model_info: { id: pair-2 }
  - model_name: down-a
    litellm_params: { model: openai/down-m, api_key: sk-upstream, api_base: "${base}/down/v1" }
    model_info: { id: down-1 }
  - model_name: down-b
    litellm_params: { model: openai/down-m, api_key: sk-upstream, api_base: "${base}/down/v1" }
    model_info: { id: down-2 }`;

beforeAll(async () => {
  up = await startMockUpstream((req, res) => {
    if (req.path.startsWith("/limited/")) return sendJson(res, 429, { error: { message: "slow down" } });
    if (req.path.startsWith("/down/")) return sendJson(res, 503, { error: { message: "overloaded" } });
    const reply = () => replyJson(res, usage(10, (req.json() as { max_tokens?: number }).max_tokens ?? 10));
    if (req.path.startsWith("/slow/")) setTimeout(reply, SLOW_MS);
    else reply();
  });
  recv = await startMockUpstream((_req, res) => sendJson(res, 200, { ok: true }));
  const alerting = `  alerting: [slack, webhook]
  alerting_args: { outage_min_deployments: 2 }
`;
  const vars = { SLACK_WEBHOOK_URL: `${recv.url}/slack`, WEBHOOK_URL: `${recv.url}/webhook` };
  [gw, cron] = await Promise.all([
    startGateway({ config: configWith(alertModels(up.url), `${alerting}  alerting_threshold: 1\n`), vars }),
    startGateway({
      config: configWith(
        `${pricedModels(up.url)}
  - model_name: hc-pair
    litellm_params: { model: openai/hc-m, api_key: sk-upstream, api_base: "${up.url}/limited/v1", cooldown_time: 600 }
    model_info: { id: hc-1 }
  - model_name: hc-pair
    litellm_params: { model: openai/hc-m, api_key: sk-upstream, api_base: "${up.url}/v1" }
    model_info: { id: hc-2 }`,
        `${alerting}  background_health_checks: true
  health_check_interval: 300
  spend_logs_retention_days: 1
  metrics_flush_interval: 0.1
`,
      ),
      vars: { ...vars, SLACK_WEBHOOK_URL: `${recv.url}/cron-slack`, WEBHOOK_URL: `${recv.url}/cron-webhook` },
    }),
  ]);
});
afterAll(async () => {
  await gw?.stop();
  await cron?.stop();
  await up?.close();
  await recv?.close();
});

const texts = (path: string) =>
  recv.requests.filter((r) => r.path === path).map((r) => (r.json() as { text: string }).text);
const hooks = (path: string) =>
  recv.requests.filter((r) => r.path === path).map((r: RecordedRequest) => r.json() as Record<string, any>);
const slack = () => texts("/slack");
const webhooks = () => hooks("/webhook");
const settle = () => new Promise((r) => setTimeout(r, 3000)); // longer than a queue batch window

describe("alerts from real traffic", () => {
  it("a budget alert fires once at 80% of max_budget, and once when the budget is exceeded", async () => {
    const team = await admin(gw, "/team/new", { team_alias: "Platform" });
    // 1000 µ$; each request costs 50 (50 output tokens at 1 µ$)
    const k = await newKey(gw, { key_alias: "svc-budget", team_id: team.team_id, max_budget: 0.001 });
    const send = async () => (await chat(gw, k.key, { max_tokens: 50 })).status;
    const statuses: number[] = [];
    for (let i = 0; i < 17; i++) statuses.push(await send());
    expect(statuses).toEqual(Array(17).fill(200)); // 800 spent at the 16th: the 80% line; the 17th passes it again
    await eventually(
      async () => (slack().some((t) => t.includes("svc-budget")) ? true : undefined),
      "the threshold alert",
    );
    await settle();
    const threshold = slack().filter((t) => t.includes("svc-budget"));
    expect(threshold).toHaveLength(1);
    expect(threshold[0]).toContain("Key svc-budget has reached 80% of its budget");
    expect(threshold[0]).toContain("*Spend:* $0.000800");
    expect(threshold[0]).toContain("*Max budget:* $0.001000");
    expect(threshold[0]).toContain("*Team:* Platform");
    const budgetHooks = () => webhooks().filter((w) => w.alert_type === "budget_alerts" && w.event_group === "key");
    expect(budgetHooks()).toHaveLength(1);
    expect(budgetHooks()[0]).toMatchObject({
      event: "threshold_crossed",
      spend: 0.0008,
      max_budget: 0.001,
      token: k.token,
      key_alias: "svc-budget",
      team_id: team.team_id,
      team_alias: "Platform",
    });

    // until the budget refuses a request (how close to the line depends on the bounds still held), then two more
    const more: number[] = [];
    while (more.length < 8 && !more.includes(429)) more.push(await send());
    expect(more.at(-1)).toBe(429);
    more.push(await send(), await send());
    expect(more.slice(-3)).toEqual([429, 429, 429]);
    await eventually(
      async () => (slack().filter((t) => t.includes("svc-budget")).length === 2 ? true : undefined),
      "the exceeded alert",
    );
    await settle();
    const all = slack().filter((t) => t.includes("svc-budget"));
    expect(all).toHaveLength(2);
    expect(all[1]).toContain("Key svc-budget has exceeded its budget");
    expect(budgetHooks().map((w) => w.event)).toEqual(["threshold_crossed", "budget_crossed"]);
  }, 90_000);

  it("slow and hanging requests alert once each, naming the key and the figures", async () => {
    const k = await newKey(gw, { key_alias: "svc-slow" });
    const res = await Promise.all([chat(gw, k.key, { model: "slow" }), chat(gw, k.key, { model: "slow" })]);
    expect(res.map((r) => r.status)).toEqual([200, 200]);
    await eventually(
      async () => (slack().some((t) => t.includes("Deployment:* slow-d")) ? true : undefined),
      "the slow alert",
    );
    await settle();
    const slow = slack().filter((t) => t.includes("llm_too_slow") && t.includes("slow-d"));
    expect(slow).toHaveLength(1);
    expect(slow[0]).toContain("*Key alias:* svc-slow");
    expect(slow[0]).toContain("*Threshold:* 1.0 s");
    const hanging = slack().filter((t) => t.includes("llm_requests_hanging") && t.includes("Model group:* slow"));
    expect(hanging).toHaveLength(1);
    expect(hanging[0]).toContain("Requests to slow are hanging (no answer after 1.0 s)");
    expect(hanging[0]).toContain("*Key alias:* svc-slow");
  });

  it("a cooldown alerts once per deployment; failures of two deployments of a provider are an outage", async () => {
    const call = async (model: string) => {
      const res = await gw.call("/v1/chat/completions", {
        body: { model, messages: [{ role: "user", content: "hi" }], max_tokens: 10, num_retries: 1 },
      });
      return res.status;
    };
    // pair-1 answers 429 and is cooled (its cooldown_time: 600 s); pair-2 answers both times
    expect([await call("pair"), await call("pair")]).toEqual([200, 200]);
    // two deployments of one provider failing with 503 within a minute
    expect([await call("down-a"), await call("down-b")]).toEqual([503, 503]);
    await eventually(
      async () => (slack().some((t) => t.includes("outage_alerts")) ? true : undefined),
      "the outage alert",
    );
    await eventually(
      async () => (slack().some((t) => t.includes("cooldown_deployment")) ? true : undefined),
      "the cooldown alert",
    );
    await settle();
    const cooled = slack().filter((t) => t.includes("cooldown_deployment"));
    expect(cooled).toHaveLength(1);
    expect(cooled[0]).toContain("Deployment pair-1 of pair cooled down");
    expect(cooled[0]).toContain("*Last status:* 429");
    expect(cooled[0]).toContain("*Cooldown:* 600 s");
    expect(webhooks().filter((w) => w.alert_type === "cooldown_deployment")).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ Deployment: "pair-1", "Last status": "429" }) }),
    ]);
    const outage = slack().filter((t) => t.includes("outage_alerts"));
    expect(outage).toHaveLength(1);
    expect(outage[0]).toContain("Possible openai outage: 2 deployments failing");
    expect(outage[0]).toContain("*Last error:* ServiceUnavailableError (503)");
  });
});

describe("spend at scale and the Cron Triggers", () => {
  let team: { team_id: string };
  const ids: string[] = [];

  it("daily aggregates equal the raw rows' sums, by key, team, user, end user, model group and tag", async () => {
    team = await admin(cron, "/team/new", { team_alias: "Data Science" });
    await admin(cron, "/user/new", { user_id: "ada", auto_create_key: false });
    const a = await newKey(cron, { key_alias: "svc-alpha", team_id: team.team_id, user_id: "ada" });
    const b = await newKey(cron, { key_alias: "svc-beta" });
    const sends = [
      chat(cron, a.key, { max_tokens: 100, user: "eu-1", tags: ["etl", "nightly"] }),
      chat(cron, a.key, { max_tokens: 50, user: "eu-2", tags: ["etl"] }),
      chat(cron, a.key, { model: "pricey", max_tokens: 30 }),
      chat(cron, b.key, { max_tokens: 20, user: "eu-1" }),
      chat(cron, b.key, { model: "pricey", max_tokens: 10, tags: ["nightly"] }),
    ];
    for (const r of await Promise.all(sends)) {
      expect(r.status).toBe(200);
      ids.push(r.headers.get("x-request-id")!);
    }
    const db = await cron.mf.getD1Database("DB");
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
    await fireCron(cron, DAILY_CRON, tomorrow);
    const report = await eventually(
      async () => texts("/cron-slack").find((t) => t.includes("Daily spend report")),
      "the spend report",
    );
    expect(report).toContain("*Total spend:* $0.00"); // 250 µ$
    expect(report).toContain("*Requests:* 5");
    expect(report).toContain("1. Data Science: $0.00 (3 requests)");
    expect(report).toMatch(/svc-alpha: \$0\.00 \(3 requests\)/);
    expect(report).toMatch(/svc-beta: \$0\.00 \(2 requests\)/);
    const hook = await eventually(
      async () => hooks("/cron-webhook").find((w) => w.alert_type === "spend_reports"),
      "the spend report webhook",
    );
    expect(hook).toMatchObject({ event: "spend_report", spend: 0.00025 });
    expect(hook.teams).toEqual([{ team_id: team.team_id, team_alias: "Data Science", spend: 0.00021, requests: 3 }]);
  });

  it("background health checks run from the minute Cron Trigger, feed the router's cooldowns, and GET /health answers from them", async () => {
    const probes = () => up.requests.filter((r) => (r.json() as { max_tokens?: number }).max_tokens === 1).length;
    const limited = () => up.requests.filter((r) => r.path.startsWith("/limited/")).length;
    const before = probes();
    await fireCron(cron, MINUTE_CRON);
    expect(probes() - before).toBe(4); // one minimal call per deployment
    const res = await cron.call("/health");
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ healthy_count: 3, unhealthy_count: 1 });
    expect(body.unhealthy_endpoints).toEqual([expect.objectContaining({ model_id: "hc-1", status: 429 })]);
    expect(Date.parse(body.last_checked_at)).toBeGreaterThan(Date.now() - 60_000);
    // within health_check_interval the next minute does not check again, and GET /health makes no call
    await fireCron(cron, MINUTE_CRON, Date.now() + 60_000);
    await cron.call("/health");
    expect(probes() - before).toBe(4);
    // the failed check cooled hc-1 (a 429 in a group of two): requests go to hc-2 only
    const calledBefore = limited();
    for (let i = 0; i < 4; i++) {
      const r = await cron.call("/v1/chat/completions", {
        body: { model: "hc-pair", messages: [{ role: "user", content: "hi" }], max_tokens: 5 },
      });
      expect(r.status).toBe(200);
      ids.push(r.headers.get("x-request-id")!);
    }
    expect(limited()).toBe(calledBefore);
    const metrics = await eventually(async () => {
      const t = await (await cron.call("/metrics")).text();
      return t.includes("litellm_deployment_cooled_down") && t.includes('model_id="hc-2"') ? t : undefined;
    }, "the health check's gauges and cooldown");
    const port = new URL(up.url).host;
    const hc = (id: string) => ({
      litellm_model_name: "openai/hc-m",
      model_id: id,
      api_base: port,
      api_provider: "openai",
    });
    expect(sample(metrics, "litellm_deployment_state", hc("hc-1"))).toBe(2);
    expect(sample(metrics, "litellm_deployment_state", hc("hc-2"))).toBe(0);
    expect(sample(metrics, "litellm_deployment_cooled_down_total", { ...hc("hc-1"), exception_status: "429" })).toBe(1);
    expect(metrics).toMatch(/litellm_deployment_state\{[^}]*model_id="priced-[^"]+"[^}]*\} 0/);
    const cooledAlert = await eventually(
      async () => texts("/cron-slack").find((t) => t.includes("cooldown_deployment")),
      "the cooldown alert",
    );
    expect(cooledAlert).toContain("Deployment hc-1 of hc-pair cooled down");
  });

  it("spend-log retention exports old rows to R2 as gzip JSON lines, then deletes exactly those; aggregates stay", async () => {
    const db = await cron.mf.getD1Database("DB");
    const aggBefore = await db
      .prepare("SELECT SUM(cost_micros) AS c FROM spend_daily WHERE dim = 'model'")
      .first<{ c: number }>();
    await fireCron(cron, MINUTE_CRON, Date.now() + 2 * DAY);
    const left = await db.prepare("SELECT COUNT(*) AS n FROM spend_logs").first<{ n: number }>();
    expect(left!.n).toBe(0);
    const bucket = await cron.mf.getR2Bucket("LOGS_BUCKET");
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
