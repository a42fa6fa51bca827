/**
 * Latency percentiles from a histogram (latency_hourly, migration 0009). A bucket is named by its
 * upper bound in ms (LATENCY_BOUNDS); 0 names the open bucket above the highest bound. A
 * percentile is interpolated linearly inside the bucket where the cumulative count reaches it, so
 * it is an estimate at bucket resolution; one in the open bucket is reported as the highest bound.
 */
export const LATENCY_BOUNDS = [100, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000, 60000] as const;

export function latencyPercentile(
  buckets: ReadonlyArray<{ bucket: number; requests: number }>,
  p: number,
): number | null {
  const counts = new Map<number, number>();
  for (const b of buckets) counts.set(b.bucket, (counts.get(b.bucket) ?? 0) + b.requests);
  const total = [...counts.values()].reduce((a, n) => a + n, 0);
  if (total === 0) return null;
  const rank = p * total;
  let seen = 0;
  let lower = 0;
  for (const upper of LATENCY_BOUNDS) {
    const n = counts.get(upper) ?? 0;
    if (n > 0 && seen + n >= rank) return Math.round(lower + (Math.max(0, rank - seen) / n) * (upper - lower));
    seen += n;
    lower = upper;
  }
  return lower; // the open bucket: the highest bound
}
