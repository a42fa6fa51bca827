/** Numbers, money and times as the viewer reads them: their locale and time zone. */

export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const int = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

export const count = (n: number | null | undefined) => (n === null || n === undefined ? "–" : int.format(n));
export const short = (n: number) => (Math.abs(n) < 10_000 ? int.format(n) : compact.format(n));
export const percent = (x: number) =>
  `${(x * 100).toLocaleString(undefined, { maximumFractionDigits: x > 0 && x < 0.01 ? 2 : 1 })}%`;

/**
 * US dollars with sensible precision: cents from $1, four decimals below it, and enough
 * significant digits for sub-cent amounts (one cheap request costs a fraction of a cent).
 */
export function money(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return "–";
  const abs = Math.abs(usd);
  const opts: Intl.NumberFormatOptions =
    abs === 0 || abs >= 1
      ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
      : abs >= 0.01
        ? { minimumFractionDigits: 2, maximumFractionDigits: 4 }
        : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat(undefined, { style: "currency", currency: "USD", ...opts }).format(usd);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const dayFmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });

export function when(t: string | number | null | undefined): string {
  if (t === null || t === undefined || t === "") return "–";
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : dateTime.format(d);
}

export const dayLabel = (d: Date) => dayFmt.format(d);
export const longDayLabel = (d: Date) => longDay.format(d);

/** Local midnight `days` days before today's (0 = today's). */
export function localMidnight(daysAgo = 0, from = new Date()): Date {
  return new Date(from.getFullYear(), from.getMonth(), from.getDate() - daysAgo);
}

/** The local calendar day of a time, as YYYY-MM-DD. */
export function localDayKey(t: number | Date): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export const ms = (n: number | null | undefined) =>
  n === null || n === undefined ? "–" : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${int.format(n)} ms`;
