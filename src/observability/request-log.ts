import { z } from "zod";
import { SpendRecord } from "../state/spend-record.js";
import { GatewayError } from "../errors/gateway-error.js";
import { redactSecrets } from "../errors/redact.js";
import { requestTags } from "./request-tags.js";

/** One account's budget figures at the end of a request (for budget alerts and remaining-budget gauges). */
export const BudgetFigures = z.object({
  scope: z.enum(["key", "team", "user", "end_user"]),
  /** Key hash, team id, user id or end-user id. */
  id: z.string(),
  /** Key alias or team alias, where there is one. */
  alias: z.string().nullable(),
  spend_micros: z.number().int(),
  max_budget_micros: z.number().int().nullable(),
  soft_budget_micros: z.number().int().nullable(),
  /** Start of the current budget period (epoch ms); alerts repeat once per period at most. */
  period_start: z.number().int().nullable(),
  /** The request was refused because this budget is spent. */
  refused: z.boolean().optional(),
});
export type BudgetFigures = z.infer<typeof BudgetFigures>;

/**
 * The one description of a finished request that metrics, callbacks and alerts consume: the spend
 * record plus what those sinks need beyond it. Never a key or a provider secret; message content
 * only in `content`, and only when message logging is on.
 */
export const RequestLog = SpendRecord.extend({
  /** The operation: chat_completion, embedding, image_generation, ... */
  operation: z.string(),
  /** Host of the deployment's API base (no path, no credentials); null when none was called. */
  api_base_host: z.string().nullable(),
  /** The error's class (RateLimitError, TimeoutError, ...); null on success. */
  error_class: z.string().nullable(),
  /** The error's message with secrets removed (only the class and status when messages are redacted). */
  error_message: z.string().nullable(),
  /** Time spent in upstream calls (all attempts); null when no upstream was called. */
  llm_api_latency_ms: z.number().int().nullable(),
  /** The gateway's own share of the latency: latency_ms - llm_api_latency_ms. */
  overhead_ms: z.number().int().nullable(),
  cache_hit: z.boolean(),
  team_alias: z.string().nullable(),
  /** The model group the request fell back to (a fallback happened and succeeded or failed). */
  fallback_model: z.string().nullable(),
  /** The model group the request named, resolved (where a fallback started from). */
  primary_model_group: z.string().nullish(),
  budgets: z.array(BudgetFigures),
  /** Request/response content for sinks that log it; null when messages are redacted. */
  content: z.object({ messages: z.unknown().optional(), response: z.unknown().optional() }).nullable(),
  /** Sampling parameters of the request (temperature, max_tokens, ...), never content. */
  model_parameters: z.record(z.string(), z.unknown()),
});
export type RequestLog = z.infer<typeof RequestLog>;

export interface RequestLogInput {
  record: SpendRecord;
  operation: string;
  /** The deployment's api_base (credentials and query are stripped here). */
  apiBase?: string | null;
  error?: unknown;
  llmApiLatencyMs?: number | null;
  cacheHit?: boolean;
  teamAlias?: string | null;
  /** The resolved model group the request named (before any fallback). */
  primaryGroup?: string | null;
  /** The request's headers (for x-switchyard-tags). */
  headers?: { get(name: string): string | null };
  /** The request body's `tags` and `metadata` (metadata.tags). */
  body?: { tags?: unknown; metadata?: unknown };
  budgets?: BudgetFigures[];
  content?: { messages?: unknown; response?: unknown };
  modelParameters?: Record<string, unknown>;
  /** turn_off_message_logging / redact_messages, globally or for this key. */
  redactMessages: boolean;
  /** Exact secret values to remove from error text (the deployment's credentials). */
  secrets?: readonly string[];
}

const hosts = new Map<string, string | null>();

/** Only the host of an API base: no scheme, user info, path or query (remembered per base: config values). */
export function apiBaseHost(url: string | null | undefined): string | null {
  if (!url) return null;
  const known = hosts.get(url);
  if (known !== undefined) return known;
  let host: string | null;
  try {
    host = new URL(url).host || null;
  } catch {
    host = null;
  }
  if (hosts.size < 1000) hosts.set(url, host);
  return host;
}

/** Pure: the request log of a finished request. */
export function buildRequestLog(input: RequestLogInput): RequestLog {
  const r = input.record;
  const e = input.error;
  const errorClass = e instanceof GatewayError ? e.kind : e ? "InternalServerError" : r.status >= 400 ? "Error" : null;
  const rawMessage = e instanceof Error ? e.message : e ? String(e) : null;
  const errorMessage =
    errorClass === null
      ? null
      : input.redactMessages || rawMessage === null
        ? `${errorClass} (${r.status})`
        : redactSecrets(rawMessage, input.secrets).slice(0, 2000);
  const llm =
    input.llmApiLatencyMs === undefined || input.llmApiLatencyMs === null ? null : Math.round(input.llmApiLatencyMs);
  // Object.assign, not `{ ...r, more }`: V8 builds a spread followed by new properties on a slow
  // path (tens of microseconds for this many fields), and this runs once per request.
  return Object.assign({}, r, {
    tags: requestTags({ recordTags: r.tags, body: input.body, headers: input.headers }),
    operation: input.operation,
    api_base_host: apiBaseHost(input.apiBase),
    error_class: errorClass,
    error_message: errorMessage,
    llm_api_latency_ms: llm,
    overhead_ms: llm === null ? null : Math.max(0, r.latency_ms - llm),
    cache_hit: input.cacheHit ?? false,
    team_alias: input.teamAlias ?? null,
    fallback_model: r.attempted_fallbacks > 0 ? r.model_group : null,
    primary_model_group: input.primaryGroup ?? r.model_group,
    budgets: input.budgets ?? [],
    content: input.redactMessages || !input.content ? null : { ...input.content },
    model_parameters: input.modelParameters ?? {},
  });
}
