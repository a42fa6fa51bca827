import { InternalServerError } from "../errors/gateway-error.js";
import type { ActivityFilter, ActivityGroup, ActivityQueries, ActivitySums } from "./activity-queries.js";
import { DAY_MS, type ActivityQuery, type SpendLogsPageQuery } from "./activity-schemas.js";
import type { AdminContext } from "./context.js";
import { spendScope } from "./key-access.js";
import { tokenOf } from "./key-material.js";
import { latencyPercentile } from "./latency-percentiles.js";
import { spendFilter, spendLogView } from "./spend.js";

/** The dashboard's reports: GET /spend/activity, /spend/deployments and /spend/logs/ui. Money in USD and micro-dollars. */

const TOP = 10;
const usd = (micros: number) => micros / 1_000_000;

export function activityPort(q: ActivityQueries | undefined): ActivityQueries {
  if (!q)
    throw new InternalServerError(
      "no database is configured for activity reports: bind a D1 database as DB in wrangler.toml",
      { code: "no_db_connection" },
    );
  return q;
}

function rangeOf(q: { start?: number; end?: number }, now: number) {
  const end = q.end ?? now;
  return { start: q.start ?? end - 7 * DAY_MS, end };
}

function sumsView(s: ActivitySums) {
  return {
    requests: s.requests,
    errors: s.errors,
    spend: usd(s.costMicros),
    spend_micros: s.costMicros,
    prompt_tokens: s.promptTokens,
    completion_tokens: s.completionTokens,
    total_tokens: s.promptTokens + s.completionTokens,
    avg_latency_ms: s.requests ? Math.round(s.latencyMs / s.requests) : null,
  };
}

const groupView = (g: ActivityGroup) => ({ id: g.group, label: g.label, ...sumsView(g) });

const ZERO: ActivitySums = {
  requests: 0,
  errors: 0,
  costMicros: 0,
  promptTokens: 0,
  completionTokens: 0,
  latencyMs: 0,
};

function add(a: ActivitySums, b: ActivitySums): ActivitySums {
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    costMicros: a.costMicros + b.costMicros,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    latencyMs: a.latencyMs + b.latencyMs,
  };
}

/**
 * Requests, errors, spend and tokens per UTC hour over a range, with the top model groups, teams
 * and keys. A caller who may not see everything sees only their own key, user or team (as
 * /spend/logs narrows them).
 */
export async function activity(ctx: AdminContext, port: ActivityQueries, query: ActivityQuery) {
  const q = await spendScope(ctx, query);
  const { start, end } = rangeOf(q, ctx.now());
  const scope: Pick<ActivityFilter, "dim" | "grp"> = q.api_key
    ? { dim: "key", grp: await tokenOf(q.api_key) }
    : q.user_id
      ? { dim: "user", grp: q.user_id }
      : q.team_id
        ? { dim: "team", grp: q.team_id }
        : { dim: "all", grp: "" };
  const f: ActivityFilter = { start, end, ...scope, ...(q.model ? { model: q.model } : {}) };
  const [hours, models, teams, keys] = await Promise.all([
    port.hourly(f),
    port.breakdown(f, "model", TOP),
    port.breakdown(f, "team", TOP),
    port.breakdown(f, "key", TOP),
  ]);
  return {
    start,
    end,
    scope: { type: scope.dim, id: scope.grp },
    totals: sumsView(hours.reduce(add, ZERO)),
    hourly: hours.map((h) => ({ hour: h.hour, ...sumsView(h) })),
    by_model: models.map(groupView),
    by_team: teams.map(groupView),
    by_key: keys.map(groupView),
  };
}

/** Per deployment over a range: requests, error rate, mean latency and p50/p90/p99 from the latency histogram. */
export async function deploymentActivity(
  ctx: AdminContext,
  port: ActivityQueries,
  query: { start?: number; end?: number },
) {
  const { start, end } = rangeOf(query, ctx.now());
  const f: ActivityFilter = { start, end, dim: "all", grp: "" };
  const [groups, buckets] = await Promise.all([port.breakdown(f, "deployment", 200), port.latency({ start, end })]);
  const byDeployment = new Map<string, typeof buckets>();
  for (const b of buckets) byDeployment.set(b.deploymentId, [...(byDeployment.get(b.deploymentId) ?? []), b]);
  return {
    start,
    end,
    deployments: groups
      .filter((g) => g.group !== "")
      .map((g) => {
        const hist = byDeployment.get(g.group) ?? [];
        return {
          deployment_id: g.group,
          model_group: g.modelGroup ?? null,
          ...sumsView(g),
          error_rate: g.requests ? g.errors / g.requests : 0,
          p50_ms: latencyPercentile(hist, 0.5),
          p90_ms: latencyPercentile(hist, 0.9),
          p99_ms: latencyPercentile(hist, 0.99),
        };
      }),
  };
}

/** LiteLLM's /spend/logs/ui: filtered spend logs a page at a time, newest first, without message content. */
export async function spendLogsPage(ctx: AdminContext, port: ActivityQueries, query: SpendLogsPageQuery) {
  const q = await spendScope(ctx, query);
  const filter = { ...(await spendFilter({ ...q, limit: q.page_size })), status: q.status_filter };
  const { rows, total } = await port.logsPage(filter, { offset: (q.page - 1) * q.page_size, limit: q.page_size });
  return {
    data: rows.map(spendLogView),
    total,
    page: q.page,
    page_size: q.page_size,
    total_pages: Math.ceil(total / q.page_size),
  };
}
