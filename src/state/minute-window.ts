/**
 * Sliding one-minute counters in one-second buckets (rpm and tpm limits). Pure data: a sparse,
 * ascending list of [epochSecond, amount]; only the last 60 seconds are kept.
 */
export type Window = Array<[second: number, amount: number]>;

export const WINDOW_SECONDS = 60;

const secondOf = (nowMs: number) => Math.floor(nowMs / 1000);

/** Drop buckets older than the window. */
export function prune(w: Window, nowMs: number): Window {
  const oldest = secondOf(nowMs) - WINDOW_SECONDS;
  let i = 0;
  while (i < w.length && w[i]![0] <= oldest) i++;
  return i === 0 ? w : w.slice(i);
}

export function total(w: Window): number {
  let t = 0;
  for (const [, n] of w) t += n;
  return t;
}

/** Add `amount` at `nowMs` (buckets stay ascending). */
export function add(w: Window, nowMs: number, amount: number): Window {
  if (amount === 0) return w;
  const s = secondOf(nowMs);
  const last = w[w.length - 1];
  if (last && last[0] === s) {
    last[1] += amount;
    return w;
  }
  if (last && last[0] > s) {
    // a late settlement for an earlier second: count it in the newest bucket
    last[1] += amount;
    return w;
  }
  w.push([s, amount]);
  return w;
}

/** Take back `amount` from the bucket of `atMs` (a released admission); no-op when it has left the window. */
export function subtract(w: Window, atMs: number, amount: number): Window {
  const s = secondOf(atMs);
  const b = w.find(([sec]) => sec === s);
  if (b) b[1] = Math.max(0, b[1] - amount);
  return w.filter(([, n]) => n > 0);
}

/** Milliseconds until the window's total drops to at most `allowed` (0 when already there). */
export function msUntilAtMost(w: Window, nowMs: number, allowed: number): number {
  let t = total(w);
  if (t <= allowed) return 0;
  for (const [sec, n] of w) {
    t -= n;
    if (t <= allowed) return Math.max(0, (sec + WINDOW_SECONDS) * 1000 - nowMs);
  }
  return WINDOW_SECONDS * 1000;
}
