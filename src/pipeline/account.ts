import type { SpendRecord } from "../state/spend-record.js";
import { logLostSpend } from "../state/lost-spend.js";
import type { Deps } from "../deps.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { Principal } from "../state/principal.js";
import type { Metered } from "../accounting/metered.js";
import type { OperationName } from "../providers/provider.js";
import type { RouteTrace } from "../routing/router.js";
import type { Outcome } from "./operation.js";

export interface RequestFacts {
  requestId: string;
  startedAt: number;
  principal: Principal;
  operation: OperationName;
  requestedModel: string | null;
  endUser: string | null;
  stream: boolean;
  tags: string[];
  metadata: Record<string, unknown>;
  trace: RouteTrace;
}

/** One spend record for a finished request (success or failure); no content, no secrets. */
export function spendRecord(
  deps: Deps,
  f: RequestFacts,
  o: {
    usage?: Metered;
    costMicros: number;
    status: number;
    error?: unknown;
    ttftMs?: number;
    cache?: Outcome["cache"];
  },
): SpendRecord {
  const p = f.principal;
  const d = f.trace.deployment;
  const u = o.usage;
  return {
    request_id: f.requestId,
    created_at: f.startedAt,
    key_hash: p.kind === "virtual" ? p.keyHash : null,
    key_alias: p.kind === "virtual" ? p.keyAlias : null,
    team_id: p.kind === "virtual" ? p.teamId : null,
    user_id: p.kind === "virtual" ? p.userId : null,
    end_user: f.endUser,
    model_group: f.trace.group ?? null,
    requested_model: f.requestedModel,
    deployment_id: d?.id ?? null,
    provider: d?.provider ?? null,
    model: d?.model ?? null,
    prompt_tokens: u?.promptTokens ?? 0,
    completion_tokens: u?.completionTokens ?? 0,
    cached_tokens: u?.cachedTokens ?? 0,
    reasoning_tokens: u?.reasoningTokens ?? 0,
    cost_micros: o.costMicros,
    status: o.status,
    error_type: o.error instanceof GatewayError ? o.error.type : o.error ? "internal_error" : null,
    latency_ms: Math.max(0, Math.round(deps.now() - f.startedAt)),
    ttft_ms: o.ttftMs === undefined ? null : Math.round(o.ttftMs),
    stream: f.stream,
    attempted_retries: f.trace.attemptedRetries,
    attempted_fallbacks: f.trace.attemptedFallbacks,
    tags: f.tags,
    metadata: f.metadata,
    operation: f.operation,
    ...(o.cache ? { cache_hit: o.cache.hit, saved_cost_micros: o.cache.savedCostMicros ?? 0 } : {}),
  };
}

/** Hand a record to the spend sink; the request stays alive (defer) only while the sink needs it. */
export function recordSpend(deps: Deps, rec: SpendRecord): void {
  let pending: Promise<void> | void;
  try {
    pending = deps.state.spend.record(rec);
  } catch (e) {
    pending = Promise.reject(e);
  }
  if (pending)
    deps.defer(
      pending.catch((e) => {
        logLostSpend(deps.log, [rec], e);
        deps.observer?.failedTracking({ records: 1, error: String(e) }, deps.defer);
      }),
    );
}
