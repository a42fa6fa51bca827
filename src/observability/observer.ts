import type { Logger } from "../logger.js";
import { TtlCache } from "../state/ttl-cache.js";
import type { Alert } from "./alerts/alert.js";
import { budgetAlerts } from "./alerts/budget-alerts.js";
import {
  cooldownAlert,
  failedTrackingAlert,
  hangingRequestAlert,
  OUTAGE_ERROR_CLASSES,
  outageAlert,
  slowRequestAlert,
} from "./alerts/request-alerts.js";
import { tenantTargets } from "./callbacks/tenant-callbacks.js";
import { METRICS_FLUSH_INTERVAL_MS, MetricsAccumulator } from "./metrics/metrics-accumulator.js";
import { cooldownDelta, type DeploymentRef, deploymentStateDelta, requestDeltas } from "./metrics/request-metrics.js";
import type { ObservabilityPorts } from "./ports.js";
import { MessageBatcher } from "./queue/message-batcher.js";
import { type CallbackMessage, fitMessage, idempotencyKey, type QueueMessage } from "./queue/queue-message.js";
import type { RequestLog } from "./request-log.js";
import type { ObservabilitySettings } from "./settings.js";

/** Where per-key and per-team `metadata.logging` entries are read (D1 on Workers). */
export interface TenantDirectory {
  keyMetadata(keyHash: string): Promise<unknown>;
  teamMetadata(teamId: string): Promise<unknown>;
}

export type Defer = (work: Promise<unknown>) => void;

export interface ObserverOptions {
  settings: ObservabilitySettings;
  ports: ObservabilityPorts;
  tenants?: TenantDirectory;
  now: () => number;
  log: Logger;
  setTimer: (fn: () => void, ms: number) => unknown;
  /** Cancels a timer `setTimer` returned (a finished request's hanging watch). */
  clearTimer?: (timer: unknown) => void;
  metricsFlushMs?: number;
  queueDelayMs?: number;
}

/** Tenant metadata is read at most once a minute per isolate. */
const TENANT_TTL_MS = 60_000;

/**
 * The one entry point for a finished request (`finish`) and for router events: metrics go to the
 * isolate's accumulator, callbacks and alerts to the delivery queue, all through `defer`, never on
 * the response path. One per isolate. Nothing here throws into the request.
 */
export class Observer {
  private readonly metrics?: MetricsAccumulator;
  private readonly queue?: MessageBatcher;
  private readonly tenantCache: TtlCache<string, Promise<unknown>>;
  /** Conditions this isolate already alerted on (or saw claimed), until their window ends. */
  private readonly claimed: TtlCache<string, true>;
  /** Provider failures already reported to the alert ledger in the last few seconds. */
  private readonly noted: TtlCache<string, true>;

  constructor(private readonly opts: ObserverOptions) {
    const { ports, setTimer, log } = opts;
    this.claimed = new TtlCache(opts.settings.alertWindowMs, 10_000, opts.now);
    this.noted = new TtlCache(5000, 10_000, opts.now);
    this.tenantCache = new TtlCache(TENANT_TTL_MS, 10_000, opts.now);
    if (ports.metrics && opts.settings.metricsEnabled) {
      const store = ports.metrics;
      this.metrics = new MetricsAccumulator({
        flushIntervalMs: opts.metricsFlushMs ?? opts.settings.metricsFlushMs ?? METRICS_FLUSH_INTERVAL_MS,
        setTimer,
        send: (batch) => store.add(batch),
        onError: (e) => log.warn("metrics flush failed; kept for the next one", { error: String(e) }),
      });
    }
    if (ports.queue)
      this.queue = new MessageBatcher(ports.queue, {
        maxDelayMs: opts.queueDelayMs ?? 1000,
        setTimer,
        onLost: (messages, error) =>
          log.error("delivery-queue send failed; messages written here to be replayed", {
            error: String(error),
            messages: JSON.stringify(messages),
          }),
      });
  }

  /** A finished request: metrics, callbacks and alerts. */
  /**
   * Whether a finished request's log goes anywhere: metrics, alerts, the config's callbacks, or (for a
   * request with a key or team) that owner's own callbacks. When not, nobody builds it.
   */
  takesRequestLog(owner: { keyed: boolean }): boolean {
    const s = this.opts.settings;
    if (this.metrics || s.alerting.length) return true;
    if (!this.queue) return false;
    return s.successSinks.length > 0 || s.failureSinks.length > 0 || (owner.keyed && this.opts.tenants !== undefined);
  }

  finish(log: RequestLog, defer: Defer): void {
    try {
      this.metrics?.add(requestDeltas(log, this.opts.settings.metricLabels), defer);
      defer(
        this.afterResponse(log, defer).catch((e) => this.opts.log.error("observability failed", { error: String(e) })),
      );
    } catch (e) {
      this.opts.log.error("observability failed", { error: String(e) });
    }
  }

  /** The router's view of a deployment changed (0 healthy, 1 partial outage, 2 complete outage). */
  deploymentState(d: DeploymentRef, state: 0 | 1 | 2, defer: Defer): void {
    this.metrics?.add([deploymentStateDelta(d, state, this.opts.now())], defer);
  }

  /** The router cooled a deployment down. */
  cooldown(d: DeploymentRef, exceptionStatus: number, defer: Defer, cooldownSeconds?: number): void {
    this.metrics?.add([cooldownDelta(d, exceptionStatus)], defer);
    this.alert(cooldownAlert(d, exceptionStatus, cooldownSeconds, this.opts.now()), defer);
  }

  /** Spend records were lost (failed_tracking). */
  failedTracking(info: { records: number; error: string }, defer: Defer): void {
    this.alert(failedTrackingAlert(info, this.opts.now()), defer);
  }

  /**
   * Watch a request for llm_requests_hanging: call at its start, call the returned function when
   * it finishes. If it is still running after alerting_threshold, an alert goes out (once per
   * model group per window).
   */
  watchHanging(
    req: { modelGroup: string | null; keyAlias: string | null; teamId: string | null },
    defer: Defer,
  ): () => void {
    const s = this.opts.settings;
    if (!s.alerting.length || !s.alertTypes.has("llm_requests_hanging")) return () => {};
    let done = false;
    const timer = this.opts.setTimer(() => {
      if (!done) this.alert(hangingRequestAlert(req, s.alertingThresholdMs, this.opts.now()), defer);
    }, s.alertingThresholdMs);
    return () => {
      done = true;
      this.opts.clearTimer?.(timer);
    };
  }

  /** Send an alert if its type is on and its condition has not alerted in this window. */
  alert(a: Alert, defer: Defer): void {
    const s = this.opts.settings;
    if (!s.alerting.length || !s.alertTypes.has(a.type) || this.claimed.has(a.condition)) return;
    this.claimed.set(a.condition, true);
    defer(this.claimAndSend(a, defer).catch((e) => this.opts.log.error("alert failed", { error: String(e) })));
  }

  private async claimAndSend(a: Alert, defer: Defer): Promise<void> {
    const ledger = this.opts.ports.alerts;
    if (ledger && !(await ledger.claim(a.condition, this.opts.settings.alertWindowMs))) return;
    const messages: QueueMessage[] = this.opts.settings.alerting.map((channel) => ({
      kind: "alert",
      channel,
      idempotency_key: `${a.condition}:${a.at}:${channel}`,
      alert: a,
    }));
    this.queue?.add(messages, defer);
  }

  private async afterResponse(log: RequestLog, defer: Defer): Promise<void> {
    const s = this.opts.settings;
    const now = this.opts.now();
    if (this.queue) this.queue.add(await this.callbackMessages(log), defer);
    if (!s.alerting.length) return;
    for (const a of budgetAlerts(log, { share: s.budgetAlertShare, now })) this.alert(a, defer);
    const slow = slowRequestAlert(log, s.alertingThresholdMs, now);
    if (slow) this.alert(slow, defer);
    if (
      s.alertTypes.has("outage_alerts") &&
      log.provider &&
      log.deployment_id &&
      log.error_class &&
      OUTAGE_ERROR_CLASSES.has(log.error_class) &&
      this.opts.ports.alerts &&
      !this.claimed.has(`outage_alerts:${log.provider}`)
    ) {
      const k = `${log.provider}:${log.deployment_id}`;
      if (this.noted.has(k)) return;
      this.noted.set(k, true);
      const failing = await this.opts.ports.alerts.noteFailure(log.provider, log.deployment_id);
      if (failing >= s.outageMinDeployments) this.alert(outageAlert(log, failing, now), defer);
    }
  }

  private async callbackMessages(log: RequestLog): Promise<QueueMessage[]> {
    const s = this.opts.settings;
    const failed = log.status >= 400;
    const out: CallbackMessage[] = (failed ? s.failureSinks : s.successSinks).map((sink) => ({
      kind: "callback",
      sink,
      tenant: null,
      idempotency_key: idempotencyKey(log.request_id, sink, null),
      log,
    }));
    const tenants = this.opts.tenants;
    if (tenants) {
      const owners = [
        log.key_hash
          ? { scope: "key" as const, id: log.key_hash, read: () => tenants.keyMetadata(log.key_hash!) }
          : null,
        log.team_id
          ? { scope: "team" as const, id: log.team_id, read: () => tenants.teamMetadata(log.team_id!) }
          : null,
      ];
      for (const o of owners) {
        if (!o) continue;
        const meta = await this.cachedMetadata(`${o.scope}:${o.id}`, o.read);
        for (const t of tenantTargets(meta, failed)) {
          const tenant = { scope: o.scope, id: o.id, index: t.index };
          out.push({
            kind: "callback",
            sink: t.sink,
            tenant,
            idempotency_key: idempotencyKey(log.request_id, t.sink, tenant),
            log,
          });
        }
      }
    }
    return out.map(fitMessage);
  }

  private cachedMetadata(key: string, read: () => Promise<unknown>): Promise<unknown> {
    let p = this.tenantCache.get(key);
    if (!p) {
      p = read().catch((e) => {
        this.tenantCache.delete(key);
        this.opts.log.warn("could not read tenant logging settings", { error: String(e) });
        return undefined;
      });
      this.tenantCache.set(key, p);
    }
    return p;
  }
}
