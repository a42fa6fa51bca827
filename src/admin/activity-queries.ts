import type { SpendRecord } from "../state/spend-record.js";
import type { SpendFilter } from "./store.js";

/**
 * The dashboard's reports (migrations/0009_dashboard.sql): hourly sums per dimension, a latency
 * histogram per deployment, and spend logs a page at a time. Times are epoch ms; hours are UTC
 * hour starts, so a viewer's local days are whole sums of hours.
 */
export type ActivityDim = "all" | "key" | "team" | "user";
export type BreakdownBy = "model" | "key" | "team" | "user" | "deployment";

export interface ActivityFilter {
  /** inclusive, epoch ms */
  start: number;
  /** exclusive, epoch ms */
  end: number;
  /** Whose activity: everyone's, or one key's (hash), team's or user's. */
  dim: ActivityDim;
  /** The key hash, team id or user id for `dim`; "" for "all". */
  grp: string;
  /** Only this model group. */
  model?: string;
}

export interface ActivitySums {
  requests: number;
  errors: number;
  costMicros: number;
  promptTokens: number;
  completionTokens: number;
  /** Sum of the requests' latencies (ms); divide by requests for the mean. */
  latencyMs: number;
}

export interface ActivityGroup extends ActivitySums {
  /** model group, key hash, team id, user id or deployment id; "" = none */
  group: string;
  /** The key's or team's alias where it has one. */
  label: string | null;
  /** The model group a deployment serves (deployment breakdowns). */
  modelGroup?: string;
}

export interface LatencyBucket {
  deploymentId: string;
  /** Upper bound of the bucket in ms; 0 = above the highest bound. */
  bucket: number;
  requests: number;
}

export interface SpendLogPageFilter extends SpendFilter {
  status?: "success" | "failure";
}

export interface ActivityQueries {
  hourly(f: ActivityFilter): Promise<Array<ActivitySums & { hour: number }>>;
  /** Sums per group over the range, highest spend first, at most `limit`. */
  breakdown(f: ActivityFilter, by: BreakdownBy, limit: number): Promise<ActivityGroup[]>;
  latency(range: { start: number; end: number }): Promise<LatencyBucket[]>;
  /** Newest first; `total` counts every row the filter matches. */
  logsPage(
    f: SpendLogPageFilter,
    page: { offset: number; limit: number },
  ): Promise<{ rows: SpendRecord[]; total: number }>;
}
