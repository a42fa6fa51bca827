import type { Alert } from "./alert.js";

export interface SpendReportLine {
  /** Team id or key hash. */
  id: string;
  /** Team alias or key alias, where there is one. */
  name: string | null;
  costMicros: number;
  requests: number;
}

export interface SpendReportData {
  /** First and last UTC day covered (YYYY-MM-DD, both inclusive). */
  from: string;
  to: string;
  totalMicros: number;
  requests: number;
  teams: SpendReportLine[];
  keys: SpendReportLine[];
}

const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;

const lines = (list: SpendReportLine[], none: string) =>
  list.length
    ? list.map((l, i) => `${i + 1}. ${l.name ?? l.id}: ${usd(l.costMicros)} (${l.requests} requests)`).join("\n")
    : none;

/** The UTC days a report covers: the day before `now` (daily) or the 7 days before it (weekly). */
export function reportWindow(now: number, frequency: "1d" | "7d"): { from: string; to: string; endExclusive: string } {
  const today = new Date(Math.floor(now / 86_400_000) * 86_400_000);
  const days = frequency === "7d" ? 7 : 1;
  const day = (offset: number) => new Date(today.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(days), to: day(1), endExclusive: day(0) };
}

/** spend_reports: the period's total and the top teams and keys by spend, by alias. */
export function spendReportAlert(r: SpendReportData, frequency: "1d" | "7d", now: number): Alert {
  const period = r.from === r.to ? r.from : `${r.from} to ${r.to}`;
  return {
    type: "spend_reports",
    level: "Low",
    title: `${frequency === "7d" ? "Weekly" : "Daily"} spend report ${period}: ${usd(r.totalMicros)}`,
    fields: [
      ["Total spend", usd(r.totalMicros)],
      ["Requests", String(r.requests)],
      ["Top teams", lines(r.teams, "none")],
      ["Top keys", lines(r.keys, "none")],
    ],
    condition: `spend_reports:${frequency}:${r.from}`,
    at: now,
    webhook: {
      event: "spend_report",
      event_group: "proxy",
      event_message: `Spend report ${period}`,
      spend: r.totalMicros / 1_000_000,
      period_start: r.from,
      period_end: r.to,
      teams: r.teams.map((t) => ({
        team_id: t.id,
        team_alias: t.name,
        spend: t.costMicros / 1_000_000,
        requests: t.requests,
      })),
      keys: r.keys.map((k) => ({
        token: k.id,
        key_alias: k.name,
        spend: k.costMicros / 1_000_000,
        requests: k.requests,
      })),
    },
  };
}
