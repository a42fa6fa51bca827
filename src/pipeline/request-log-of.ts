import type { Deps } from "../deps.js";
import { secretValuesOf } from "../errors/redact.js";
import { type BudgetFigures, buildRequestLog, type RequestLog } from "../observability/request-log.js";
import { settingsOf } from "../observability/settings.js";
import type { OperationName } from "../providers/provider.js";
import type { Principal } from "../state/principal.js";
import type { SpendRecord } from "../state/spend-record.js";
import type { RequestFacts } from "./account.js";
import type { AccountStanding } from "./admit.js";
import type { Outcome } from "./operation.js";

/** The operation as callback payloads name it (LiteLLM's call types are derived from these). */
const LOG_OPERATIONS: Record<OperationName, string> = {
  chat: "chat_completion",
  embeddings: "embedding",
  imageGeneration: "image_generation",
  transcription: "transcription",
  speech: "speech",
  moderation: "moderation",
  rerank: "rerank",
  textCompletion: "completion",
  messages: "anthropic_messages",
  responses: "responses",
};

/** Sampling parameters a callback may log (never content, never the end user). */
const MODEL_PARAMETERS = [
  "temperature",
  "top_p",
  "max_tokens",
  "max_completion_tokens",
  "n",
  "presence_penalty",
  "frequency_penalty",
  "seed",
  "stop",
  "reasoning_effort",
  "dimensions",
  "encoding_format",
  "size",
  "quality",
] as const;

function modelParameters(req: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!req) return out;
  for (const k of MODEL_PARAMETERS) if (req[k] !== undefined && req[k] !== null) out[k] = req[k];
  return out;
}

/** Which budget line of which account: the key by its hash (the metrics label), aliases where known. */
export function budgetFigures(p: Principal, standings: readonly AccountStanding[]): BudgetFigures[] {
  const out: BudgetFigures[] = [];
  for (const s of standings) {
    const kind = s.ref.kind;
    if (kind === "org" || kind === "key_model") continue;
    const v = p.kind === "virtual" ? p : undefined;
    const scope = kind === "customer" ? "end_user" : kind;
    out.push({
      scope,
      id: kind === "key" ? (v?.keyHash ?? s.ref.id) : s.ref.id,
      alias: kind === "key" ? (v?.keyAlias ?? null) : kind === "team" ? (v?.teamAlias ?? null) : null,
      spend_micros: s.budget.spendMicros,
      max_budget_micros: s.budget.maxBudgetMicros,
      soft_budget_micros: s.budget.softBudgetMicros,
      period_start: s.budget.periodStart,
      ...(s.refused ? { refused: true } : {}),
    });
  }
  return out;
}

/**
 * The request log of a finished request (src/observability/request-log.ts) from what the spine
 * holds: the spend record, the route trace, the outcome and the admission's budget standings.
 * Upstream latency is the time spent in upstream attempts; for a stream it runs on to the end of
 * the stream, so the overhead is the gateway's own time before the first byte.
 */
export function requestLogOf(
  deps: Deps,
  opts: {
    facts: RequestFacts;
    record: SpendRecord;
    outcome: Outcome;
    request?: Record<string, unknown>;
    standings: readonly AccountStanding[];
    /** The resolved group the request named (where a fallback started). */
    primaryGroup?: string;
  },
): RequestLog {
  const { facts, outcome } = opts;
  const upstream = facts.trace.upstreamMs;
  // A request refused before its call names no deployment: the route had chosen one, nothing reached it.
  const d = upstream === undefined ? undefined : facts.trace.deployment;
  const record =
    d || !opts.record.deployment_id
      ? opts.record
      : { ...opts.record, deployment_id: null, provider: null, model: null };
  const llmApiLatencyMs =
    upstream === undefined
      ? null
      : facts.stream && outcome.ttftMs !== undefined
        ? upstream + Math.max(0, record.latency_ms - outcome.ttftMs)
        : upstream;
  const redactMessages = settingsOf(deps.config.raw).redactMessages;
  const req = opts.request;
  return buildRequestLog({
    record,
    operation: LOG_OPERATIONS[facts.operation] ?? facts.operation,
    apiBase: d?.params.api_base,
    error: outcome.error,
    llmApiLatencyMs,
    cacheHit: record.cache_hit === true,
    teamAlias: facts.principal.kind === "virtual" ? (facts.principal.teamAlias ?? null) : null,
    primaryGroup: opts.primaryGroup,
    budgets: opts.standings.length ? budgetFigures(facts.principal, opts.standings) : [],
    content: redactMessages
      ? undefined
      : { messages: req?.messages ?? req?.input ?? req?.prompt, response: outcome.response },
    modelParameters: modelParameters(req),
    redactMessages,
    secrets: outcome.error && d ? secretValuesOf(d.params as Record<string, unknown>) : undefined,
  });
}
