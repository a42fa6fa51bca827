import type { Deps } from "../../deps.js";
import { reportWindow, spendReportAlert } from "../../observability/alerts/spend-report.js";
import { healthOutcomes, runBackgroundHealthCheck } from "../../jobs/background-health.js";
import { feedHealthToRouter } from "../../jobs/health-cooldowns.js";
import { routerEventsFor } from "../../pipeline/router-events.js";
import type { Defer, Observer } from "../../observability/observer.js";
import { jobsFor } from "../../observability/scheduled-jobs.js";
import type { ObservabilitySettings } from "../../observability/settings.js";
import type { ObservabilityBindings } from "./observability.js";
import { spendReportData } from "./spend-report-query.js";
import { exportExpiredSpendLogs } from "./spend-retention.js";

const DAY_MS = 86_400_000;

/** One Cron Trigger run: the jobs its cron and the config call for, each on its own (one failing does not stop the others). */
export async function runScheduled(opts: {
  cron: string;
  scheduledTime: number;
  env: ObservabilityBindings;
  deps: Deps;
  observer: Observer;
  settings: ObservabilitySettings;
  defer: Defer;
}): Promise<void> {
  const { env, deps, observer, settings: s, defer } = opts;
  const jobs = jobsFor(opts.cron, opts.scheduledTime, s);
  const results = await Promise.allSettled(
    jobs.map(async (job) => {
      if (job === "health_checks") {
        const store = deps.state.observability?.health;
        if (!store) throw new Error("background health checks need the OBSERVABILITY_KV binding");
        const h = await runBackgroundHealthCheck(deps, { store, intervalMs: s.healthCheckIntervalMs });
        if (!h) return;
        const outcomes = healthOutcomes(deps, h.report);
        for (const o of outcomes) observer.deploymentState(o.deployment, o.healthy ? 0 : 2, defer);
        await feedHealthToRouter(deps, outcomes, routerEventsFor(deps));
      } else if (job === "spend_log_retention") {
        if (!env.DB || !env.LOGS_BUCKET) throw new Error("spend-log retention needs the DB and LOGS_BUCKET bindings");
        const cutoff = opts.scheduledTime - s.spendLogsRetentionDays! * DAY_MS;
        const r = await exportExpiredSpendLogs(env.DB, env.LOGS_BUCKET, { cutoff });
        if (r.rows) deps.log.info("spend logs exported to R2 and deleted", { rows: r.rows, objects: r.objects.length });
      } else {
        if (!env.DB) throw new Error("spend reports need the DB binding");
        const w = reportWindow(opts.scheduledTime, s.spendReportFrequency);
        observer.alert(spendReportAlert(await spendReportData(env.DB, w), s.spendReportFrequency, deps.now()), defer);
      }
    }),
  );
  results.forEach((r, i) => {
    if (r.status === "rejected") deps.log.error("scheduled job failed", { job: jobs[i], error: String(r.reason) });
  });
}
