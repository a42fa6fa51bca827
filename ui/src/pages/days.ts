import type { Point } from "../components/chart.js";
import { dayLabel, localDayKey, localMidnight, longDayLabel } from "../format.js";
import type { Sums } from "../types.js";

/**
 * Hourly sums (UTC hours from the API) gathered into the viewer's local calendar days, so a day
 * on the chart is a day where the viewer is (daylight-saving changes included).
 */
export function localDays(count: number, now = new Date()): Date[] {
  return Array.from({ length: count }, (_, i) => localMidnight(count - 1 - i, now));
}

export function perDay(hourly: Array<Sums & { hour: number }>, days: Date[]): Map<string, Sums> {
  const out = new Map<string, Sums>(days.map((d) => [localDayKey(d), empty()]));
  for (const h of hourly) {
    const s = out.get(localDayKey(h.hour));
    if (!s) continue;
    s.requests += h.requests;
    s.errors += h.errors;
    s.spend += h.spend;
    s.spend_micros += h.spend_micros;
    s.prompt_tokens += h.prompt_tokens;
    s.completion_tokens += h.completion_tokens;
    s.total_tokens += h.total_tokens;
  }
  return out;
}

export function dayPoints(days: Date[], sums: Map<string, Sums>, values: (s: Sums) => number[]): Point[] {
  return days.map((d) => ({
    label: dayLabel(d),
    long: longDayLabel(d),
    values: values(sums.get(localDayKey(d)) ?? empty()),
  }));
}

function empty(): Sums {
  return {
    requests: 0,
    errors: 0,
    spend: 0,
    spend_micros: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    total_tokens: 0,
    avg_latency_ms: null,
  };
}
