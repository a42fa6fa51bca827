import type { HealthReport } from "./health/health-report.js";
import type { SeriesDelta } from "./metrics/metric-batch.js";
import type { QueueMessage } from "./queue/queue-message.js";

/** The summed metrics (a Durable Object on Workers). */
export interface MetricsStore {
  add(batch: readonly SeriesDelta[]): Promise<void>;
  snapshot(): Promise<SeriesDelta[]>;
}

/** The delivery queue for callbacks and alerts (a Cloudflare Queue on Workers). */
export interface DeliveryQueue {
  send(messages: readonly QueueMessage[]): Promise<void>;
}

/** Alert deduplication and cross-isolate alert conditions (a Durable Object on Workers). */
export interface AlertLedger {
  /** True once per `windowMs` for a condition key: the caller that gets true sends the alert. */
  claim(key: string, windowMs: number): Promise<boolean>;
  /** Record a failed deployment of a provider; the number of distinct ones that failed in the last minute. */
  noteFailure(provider: string, deploymentId: string): Promise<number>;
}

export interface StoredHealth {
  checked_at: number;
  report: HealthReport;
}

/** The latest background health check (KV on Workers). */
export interface HealthStore {
  latest(): Promise<StoredHealth | undefined>;
  save(h: StoredHealth): Promise<void>;
}

/** What observability reaches; each part is absent when its binding is. */
export interface ObservabilityPorts {
  metrics?: MetricsStore;
  queue?: DeliveryQueue;
  alerts?: AlertLedger;
  health?: HealthStore;
}
