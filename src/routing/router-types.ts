import type { RoutingStrategy } from "../config/schema.js";
import type { CooldownPolicy, FailureFacts } from "./cooldown.js";

/** What the routing state needs to know about one deployment (no secrets, no endpoints). */
export interface CandidateSpec {
  id: string;
  rpm?: number;
  tpm?: number;
  weight?: number;
  order?: number;
  /** Input + output micro-dollars per token (cost-based routing); undefined = unknown price. */
  costPerToken?: number;
  /** The deployment's own cooldown_time in ms (0 = never cooled). */
  cooldownMs?: number;
}

/** A model group's routing settings, sent with every state call so the state holds no config. */
export interface GroupPolicy {
  strategy: RoutingStrategy;
  /** routing_strategy_args.lowest_latency_buffer (0.5 = within 50% of the fastest). */
  latencyBuffer: number;
  /** How long latency samples count (routing_strategy_args.ttl). */
  latencyTtlMs: number;
  cooldown: CooldownPolicy;
  candidates: CandidateSpec[];
}

/** How one attempt on one deployment ended. `lease` releases its in-flight slot. */
export interface OutcomeEvent {
  id: string;
  lease?: string;
  result: "success" | "failure" | "cancelled";
  stream: boolean;
  /** prompt + completion tokens (counted against tpm). */
  tokens: number;
  completionTokens: number;
  /** Attempt start to end (ms). */
  latencyMs?: number;
  /** Attempt start to first content chunk (ms), streams only. */
  ttftMs?: number;
  error?: FailureFacts;
  /** Picked from an isolate's copy of the group's state: the store counts its request when this arrives. */
  local?: boolean;
}

export interface PickRequest {
  policy: GroupPolicy;
  /** Outcomes to apply before choosing (earlier attempts of this request). */
  events: OutcomeEvent[];
  /** Deployments that already failed this request: chosen again only when nothing else is available. */
  avoid: string[];
  /** Deployments that must not be chosen (their max_retries is spent). */
  exclude: string[];
  stream: boolean;
}

/** A deployment an outcome cooled down (or whose cooldown it extended), for metrics and alerts. */
export interface CooledDown {
  id: string;
  failure: FailureFacts;
  /** When the cooldown ends (epoch ms). */
  until: number;
  /** The outcome came from a choice made on an isolate's copy (that copy reported the cooldown already). */
  local?: boolean;
}

export type PickResult = (
  | {
      ok: true;
      id: string;
      lease: string /** chosen from `avoid`: back off before calling it */;
      repeat: boolean;
      /** chosen from the isolate's copy of the state (no lease in the store) */ local?: boolean;
    }
  | { ok: false; reason: "cooldown" | "rate_limit" | "cooldown_or_rate_limit" | "none"; retryAfterMs: number }
) & {
  /** Deployments the outcomes applied with this pick cooled down. */
  cooled?: CooledDown[];
};

export interface ReportRequest {
  policy: GroupPolicy;
  events: OutcomeEvent[];
}

/** A model group's routing state as the store holds it (an isolate's copy is built from it). */
export interface GroupSnapshot {
  deployments: DeploymentStateData[];
}

/** One deployment's routing numbers (see DeploymentState in src/routing/group-state.ts). */
export interface DeploymentStateData {
  id: string;
  requests: Array<[number, number]>;
  tokens: Array<[number, number]>;
  failures: number[];
  cooldownUntil: number;
  cooldownReason: string | null;
  latency: Array<[number, number]>;
  ttft: Array<[number, number]>;
  successes: number;
  failed: number;
  lastError: { kind: string; status: number; at: number } | null;
}

/** Live state of one deployment for /v1/model/info. */
export interface DeploymentLiveState {
  id: string;
  in_flight: number;
  rpm_used: number;
  tpm_used: number;
  cooling_down: boolean;
  cooldown_remaining_ms: number;
  cooldown_reason: string | null;
  failures_last_minute: number;
  successes: number;
  failures: number;
  avg_latency_ms_per_token: number | null;
  avg_ttft_ms: number | null;
  last_error: { kind: string; status: number; at: number } | null;
}

/**
 * Routing state, one instance per model group. `pick` is the router's only blocking call before
 * an upstream fetch (one round trip); `report` runs after the response.
 */
export interface RouterStatePort {
  pick(group: string, req: PickRequest): Promise<PickResult>;
  /** Apply outcomes, then return the group's state (for an isolate's copy; see src/routing/group-mirror.ts). */
  snapshot?(group: string, req: ReportRequest): Promise<GroupSnapshot>;
  /** Apply outcomes; resolves to the deployments they cooled down, where the store says. */
  report(group: string, req: ReportRequest): Promise<CooledDown[] | undefined>;
  inspect(group: string, ids: string[], latencyTtlMs: number): Promise<DeploymentLiveState[]>;
}
