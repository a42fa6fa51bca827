/** Rolling latency samples per deployment (latency-based routing). */

/** [epoch ms, value] */
export type Sample = [number, number];

export const MAX_SAMPLES = 10;
/** What a timed-out attempt counts as (ms), so a slow deployment sinks to the bottom. */
export const TIMEOUT_PENALTY_MS = 1_000_000;
export const DEFAULT_LATENCY_TTL_MS = 3_600_000;

/** Append a sample, keeping the newest MAX_SAMPLES. */
export function addSample(list: Sample[], at: number, value: number): void {
  list.push([at, value]);
  if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
}

/** Mean of the samples younger than ttlMs, or undefined when there are none. */
export function meanOf(list: readonly Sample[], now: number, ttlMs: number): number | undefined {
  let sum = 0;
  let n = 0;
  for (const [at, v] of list) {
    if (now - at > ttlMs) continue;
    sum += v;
    n++;
  }
  return n ? sum / n : undefined;
}
