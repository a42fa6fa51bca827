// Small statistics helpers (latencies in milliseconds).

/** Nearest-rank percentile of an unsorted array; NaN when empty. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const p50 = (v) => percentile(v, 50);
export const p99 = (v) => percentile(v, 99);

/** "+0.123" style signed number. */
export function signed(n, digits) {
  return `${n >= 0 ? "+" : "-"}${Math.abs(n).toFixed(digits)}`;
}
