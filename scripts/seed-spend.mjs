// Seeds a local D1 with spend records and times the dashboard's reports on it through the built worker.
//   node scripts/seed-spend.mjs [--rows 1000000] [--days 30] [--state .switchyard/seed-state] [--runs 5] [--measure-only]
// Rows are spread evenly over the last `days` days: 100 keys in 10 teams, 50 users, 6 model groups of two
// deployments each, about 2% errors. The hourly rollup and latency histogram fill through migration 0009's
// trigger as they would from real traffic. Needs `npm run build` first (dist/worker.js, dist/assets).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "./bundle.mjs";
import { startGateway } from "./gateway-runtime.mjs";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    days: { type: "string", default: "30" },
    state: { type: "string", default: path.join(ROOT, ".switchyard/seed-state") },
    runs: { type: "string", default: "5" },
    "measure-only": { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const DAYS = Number(values.days);
const MASTER = "sk-seed-master-key";
const CHUNK = 50_000;
mkdirSync(values.state, { recursive: true });

const gw = await startGateway({
  scriptPath: path.join(ROOT, "dist/worker.js"),
  persistDir: values.state,
  configText: `model_list: []\ngeneral_settings:\n  master_key: ${MASTER}\n`,
});
const now = Date.now();
const start = now - DAYS * 86_400_000;

// One INSERT ... SELECT per chunk: SQLite makes the rows (a recursive counter), every value is bound.
const SEED_SQL = `INSERT INTO spend_logs (request_id, created_at, key_hash, key_alias, team_id, user_id, end_user, model_group,
  requested_model, deployment_id, provider, model, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens,
  cost_micros, status, error_type, latency_ms, ttft_ms, stream, attempted_retries, attempted_fallbacks, tags, metadata, operation)
WITH RECURSIVE n(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
SELECT 'seed-' || i, CAST(?3 + i * ?4 AS INTEGER), printf('%064x', i % 100), 'key-' || (i % 100), 'team-' || (i % 10), 'user-' || (i % 50),
  NULL, 'group-' || (i % 6), 'group-' || (i % 6), 'group-' || (i % 6) || '-' || (i / 6 % 2), 'openai', 'model-' || (i % 6),
  100 + abs(random()) % 900, 50 + abs(random()) % 500, 0, 0, 10 + abs(random()) % 2000,
  CASE WHEN abs(random()) % 50 = 0 THEN 429 ELSE 200 END, NULL, 80 + abs(random()) % 4000, NULL, 0, 0, 0, '[]', '{}', 'chat'
FROM n`;

if (!values["measure-only"]) {
  const db = await gw.mf.getD1Database("DB", "switchyard");
  const step = (now - start) / ROWS;
  const t0 = performance.now();
  for (let from = 0; from < ROWS; from += CHUNK) {
    const to = Math.min(ROWS, from + CHUNK) - 1;
    await db.prepare(SEED_SQL).bind(from, to, start, step).run();
    process.stdout.write(`\rseeded ${to + 1} of ${ROWS}`);
  }
  console.log(` in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

const day = 86_400_000;
const reports = [
  ["overview: GET /spend/activity (30 days)", `/spend/activity?start=${now - DAYS * day}&end=${now}`],
  [
    "overview, one key: GET /spend/activity?api_key=…",
    `/spend/activity?start=${now - DAYS * day}&end=${now}&api_key=${"0".repeat(63)}7`,
  ],
  ["overview, one model group", `/spend/activity?start=${now - DAYS * day}&end=${now}&model=group-3`],
  ["models: GET /spend/deployments (30 days)", `/spend/deployments?start=${now - DAYS * day}&end=${now}`],
  ["spend logs: GET /spend/logs/ui (first page + total)", "/spend/logs/ui"],
  ["spend logs: failures only", "/spend/logs/ui?status_filter=failure"],
];
console.log(`\n${ROWS} spend records over ${DAYS} days; each report ${values.runs} times (ms, through the worker):`);
for (const [name, url] of reports) {
  const times = [];
  let summary = "";
  for (let r = 0; r < Number(values.runs); r++) {
    const t = performance.now();
    const res = await fetch(`${gw.url}${url}`, { headers: { authorization: `Bearer ${MASTER}` } });
    const body = await res.json();
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${url} → ${res.status}: ${JSON.stringify(body)}`);
    summary = body.totals ? `${body.totals.requests} requests` : body.total !== undefined ? `${body.total} rows` : "";
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `  ${name.padEnd(52)} median ${median.toFixed(0).padStart(5)}  best ${times[0].toFixed(0).padStart(5)}  (${summary})`,
  );
}
await gw.stop();
