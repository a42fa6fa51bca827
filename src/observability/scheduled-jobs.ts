import type { ObservabilitySettings } from "./settings.js";

/** The Cron Triggers in wrangler.toml: every minute, and once a day just after midnight UTC. */
export const MINUTE_CRON = "* * * * *";
export const DAILY_CRON = "5 0 * * *";

export type ScheduledJob = "health_checks" | "spend_log_retention" | "spend_report";

/**
 * Which jobs a cron run does. Pure. Health checks run on the minute cron (each run checks whether
 * health_check_interval has passed); retention too (each run moves a bounded number of rows); the
 * spend report on the daily cron (weekly ones on Mondays).
 */
export function jobsFor(cron: string, scheduledTime: number, s: ObservabilitySettings): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  if (cron === MINUTE_CRON) {
    if (s.backgroundHealthChecks) jobs.push("health_checks");
    if (s.spendLogsRetentionDays !== undefined) jobs.push("spend_log_retention");
  }
  if (cron === DAILY_CRON && s.alerting.length && s.alertTypes.has("spend_reports")) {
    if (s.spendReportFrequency === "1d" || new Date(scheduledTime).getUTCDay() === 1) jobs.push("spend_report");
  }
  return jobs;
}
