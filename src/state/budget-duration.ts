/**
 * LiteLLM-style durations ("30s", "30m", "12h", "1d", "2w", "1mo") and the budget periods they define.
 * Pure: every function takes `now` from the caller.
 */
export type Duration = { kind: "fixed"; ms: number } | { kind: "months"; months: number };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const DURATION_PATTERN = /^([1-9]\d{0,5})(s|m|h|d|w|mo)$/;

/** Parse "30s" / "30m" / "30h" / "30d" / "2w" / "1mo"; undefined when malformed. */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === "mo") return { kind: "months", months: n };
  return { kind: "fixed", ms: n * UNIT_MS[m[2]!]! };
}

/** `t` plus `times` durations. Months add calendar months in UTC, clamping the day (Jan 31 + 1mo = Feb 28/29). */
export function addDuration(t: number, d: Duration, times = 1): number {
  if (d.kind === "fixed") return t + d.ms * times;
  const date = new Date(t);
  const monthIndex = date.getUTCMonth() + d.months * times;
  const year = date.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return Date.UTC(
    year,
    month,
    day,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

export interface Period {
  start: number;
  /** When the budget resets; null when it never does. */
  end: number | null;
}

/**
 * The budget period containing `now`: periods start at `anchor` and follow each other every `duration`.
 * Without a duration the single period starts at the anchor and never ends.
 */
export function periodAt(anchor: number, duration: Duration | undefined, now: number): Period {
  if (!duration || now < anchor) return { start: anchor, end: duration ? addDuration(anchor, duration) : null };
  if (duration.kind === "fixed") {
    const k = Math.floor((now - anchor) / duration.ms);
    const start = anchor + k * duration.ms;
    return { start, end: start + duration.ms };
  }
  const a = new Date(anchor);
  const n = new Date(now);
  const monthsApart = (n.getUTCFullYear() - a.getUTCFullYear()) * 12 + (n.getUTCMonth() - a.getUTCMonth());
  let k = Math.max(0, Math.floor(monthsApart / duration.months));
  while (k > 0 && addDuration(anchor, duration, k) > now) k--;
  while (addDuration(anchor, duration, k + 1) <= now) k++;
  return { start: addDuration(anchor, duration, k), end: addDuration(anchor, duration, k + 1) };
}
