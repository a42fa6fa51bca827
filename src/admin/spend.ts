import type { SpendRecord } from "../state/spend-record.js";
import type { AdminContext } from "./context.js";
import { tokenOf } from "./key-material.js";
import type { SpendQuery } from "./schemas.js";
import type { SpendFilter, SpendGroupBy, SpendGroupRow } from "./store.js";

/** Spend: /spend/logs, /global/spend, /global/spend/logs, /global/spend/report (LiteLLM's shapes; USD). */

const DAY_MS = 86_400_000;
const usd = (micros: number) => micros / 1_000_000;

/** "YYYY-MM-DD" is a whole UTC day (start inclusive, end date inclusive); full times are exact. */
function dateMs(s: string, end: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Date.parse(`${s}T00:00:00Z`) + (end ? DAY_MS : 0);
  return Date.parse(s);
}

export async function spendFilter(q: SpendQuery): Promise<SpendFilter> {
  return {
    start: q.start_date ? dateMs(q.start_date, false) : undefined,
    end: q.end_date ? dateMs(q.end_date, true) : undefined,
    keyHash: q.api_key ? await tokenOf(q.api_key) : undefined,
    userId: q.user_id,
    teamId: q.team_id,
    endUser: q.end_user ?? q.customer_id,
    model: q.model,
    requestId: q.request_id,
  };
}

/** LiteLLM's call_type for each operation. */
const CALL_TYPES: Record<string, string> = {
  chat: "acompletion",
  embeddings: "aembedding",
  imageGeneration: "aimage_generation",
  transcription: "atranscription",
  speech: "aspeech",
  moderation: "amoderation",
  rerank: "arerank",
  textCompletion: "atext_completion",
  messages: "anthropic_messages",
  responses: "aresponses",
};

/** One spend log row as LiteLLM's SpendLogs shows it (plus our integer fields). */
export function spendLogView(r: SpendRecord) {
  return {
    request_id: r.request_id,
    call_type: CALL_TYPES[r.operation ?? "chat"] ?? r.operation,
    operation: r.operation ?? "chat",
    api_key: r.key_hash ?? "",
    key_alias: r.key_alias,
    spend: usd(r.cost_micros),
    cost_micros: r.cost_micros,
    total_tokens: r.prompt_tokens + r.completion_tokens,
    prompt_tokens: r.prompt_tokens,
    completion_tokens: r.completion_tokens,
    cached_tokens: r.cached_tokens,
    reasoning_tokens: r.reasoning_tokens,
    startTime: new Date(r.created_at).toISOString(),
    endTime: new Date(r.created_at + r.latency_ms).toISOString(),
    completionStartTime: r.ttft_ms === null ? null : new Date(r.created_at + r.ttft_ms).toISOString(),
    model: r.model ?? r.requested_model ?? "",
    model_group: r.model_group,
    model_id: r.deployment_id,
    requested_model: r.requested_model,
    custom_llm_provider: r.provider,
    user: r.user_id ?? "",
    team_id: r.team_id,
    end_user: r.end_user ?? "",
    status: r.status < 400 ? "success" : "failure",
    status_code: r.status,
    error_type: r.error_type,
    latency_ms: r.latency_ms,
    stream: r.stream,
    attempted_retries: r.attempted_retries,
    attempted_fallbacks: r.attempted_fallbacks,
    request_tags: r.tags,
    metadata: r.metadata,
  };
}

export async function spendLogs(ctx: AdminContext, q: SpendQuery) {
  const rows = await ctx.store.spend.logs(await spendFilter(q), q.limit);
  return rows.map(spendLogView);
}

export async function globalSpend(ctx: AdminContext, q: SpendQuery) {
  const t = await ctx.store.spend.totals(await spendFilter(q));
  return {
    spend: usd(t.costMicros),
    spend_micros: t.costMicros,
    max_budget: null,
    requests: t.requests,
    prompt_tokens: t.promptTokens,
    completion_tokens: t.completionTokens,
    total_tokens: t.promptTokens + t.completionTokens,
  };
}

export async function globalSpendLogs(ctx: AdminContext, q: SpendQuery) {
  const days = await ctx.store.spend.daily(await spendFilter(q));
  return days.map((d) => ({
    date: d.day,
    spend: usd(d.costMicros),
    spend_micros: d.costMicros,
    api_requests: d.requests,
    total_tokens: d.promptTokens + d.completionTokens,
  }));
}

/** How each group_by names its list and its entries (team and customer follow LiteLLM). */
const GROUPS: Record<SpendGroupBy, { list: string; name: string }> = {
  team: { list: "teams", name: "team_name" },
  customer: { list: "customers", name: "customer" },
  api_key: { list: "api_keys", name: "api_key" },
  user: { list: "users", name: "user_id" },
  model: { list: "models", name: "model" },
  tag: { list: "tags", name: "tag" },
};

export function normalizeGroupBy(g: string): SpendGroupBy {
  return g === "end_user" ? "customer" : g === "key" ? "api_key" : (g as SpendGroupBy);
}

/** Per UTC day, per group: total spend and the breakdown by model and key. */
export async function spendReport(ctx: AdminContext, q: SpendQuery & { group_by: string }) {
  const by = normalizeGroupBy(q.group_by);
  const rows = await ctx.store.spend.grouped(await spendFilter(q), by);
  const { list, name } = GROUPS[by];
  const days = new Map<string, Map<string | null, SpendGroupRow[]>>();
  for (const r of rows) {
    const day = days.get(r.day) ?? new Map<string | null, SpendGroupRow[]>();
    days.set(r.day, day);
    day.set(r.group, [...(day.get(r.group) ?? []), r]);
  }
  return [...days].map(([day, groups]) => ({
    group_by_day: day,
    [list]: [...groups].map(([group, parts]) => {
      const micros = parts.reduce((a, p) => a + p.costMicros, 0);
      return {
        [name]: by === "team" ? (parts[0]?.label ?? group ?? "Unassigned Team") : group,
        ...(by === "team" ? { team_id: group } : {}),
        total_spend: usd(micros),
        total_spend_micros: micros,
        requests: parts.reduce((a, p) => a + p.requests, 0),
        total_tokens: parts.reduce((a, p) => a + p.promptTokens + p.completionTokens, 0),
        metadata: parts.map((p) => ({
          model: p.model,
          api_key: p.keyHash,
          spend: usd(p.costMicros),
          spend_micros: p.costMicros,
          total_tokens: p.promptTokens + p.completionTokens,
          requests: p.requests,
        })),
      };
    }),
  }));
}
