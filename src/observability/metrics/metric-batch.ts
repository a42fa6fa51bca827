import { z } from "zod";
import { LATENCY_BUCKETS } from "./metric-catalog.js";

/**
 * One series' change, as isolates send it to the metrics Durable Object and as it stores the sum.
 * Counters add `value`; gauges replace it when `at` is newer; histograms add per-bucket counts
 * (not cumulative; one more than LATENCY_BUCKETS for +Inf), `sum` and `count`.
 */
export const SeriesDelta = z.object({
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  kind: z.enum(["counter", "gauge", "histogram"]),
  value: z.number(),
  /** Gauges: when the value was observed (epoch ms); the newest wins. */
  at: z.number().optional(),
  buckets: z.array(z.number()).optional(),
  /** Histograms: one observation's bucket index, instead of `buckets` (a request's own change). */
  bucket: z.number().int().optional(),
  sum: z.number().optional(),
});
export type SeriesDelta = z.infer<typeof SeriesDelta>;
export const MetricBatch = z.array(SeriesDelta);

/** Keys of label objects already seen (request metrics share their label objects). */
const keysOfLabels = new WeakMap<Record<string, string>, string>();

/** A stable identity for a series: the name and its labels in sorted order. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const known = keysOfLabels.get(labels);
  if (known !== undefined) return name + known;
  const keys = Object.keys(labels).sort();
  let k = "";
  for (const l of keys) k += `\u0000${l}\u0001${labels[l]}`;
  keysOfLabels.set(labels, k);
  return name + k;
}

/** Index of the first bucket whose upper bound holds `seconds` (the +Inf bucket when none does). */
export function bucketIndex(seconds: number): number {
  for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) return i;
  return LATENCY_BUCKETS.length;
}

/** Mutates `into`: adds (or, for a newer gauge, replaces with) `d`. */
export function mergeDelta(into: SeriesDelta, d: SeriesDelta): void {
  if (d.kind === "gauge") {
    if ((d.at ?? 0) >= (into.at ?? 0)) {
      into.value = d.value;
      into.at = d.at;
    }
    return;
  }
  into.value += d.value;
  if (d.kind === "histogram") {
    if (!into.buckets) into.buckets = emptyBuckets();
    const b = into.buckets;
    if (d.bucket !== undefined) b[d.bucket] = (b[d.bucket] ?? 0) + 1;
    d.buckets?.forEach((n, i) => {
      b[i] = (b[i] ?? 0) + n;
    });
    into.sum = (into.sum ?? 0) + (d.sum ?? 0);
  }
}

const emptyBuckets = () => new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);

/** A fresh copy of a delta (so merging into it never touches the caller's object); an observation becomes buckets. */
export function copyDelta(d: SeriesDelta): SeriesDelta {
  const out: SeriesDelta = { name: d.name, labels: { ...d.labels }, kind: d.kind, value: d.value };
  if (d.at !== undefined) out.at = d.at;
  if (d.sum !== undefined) out.sum = d.sum;
  if (d.buckets) out.buckets = [...d.buckets];
  else if (d.bucket !== undefined) {
    out.buckets = emptyBuckets();
    out.buckets[d.bucket] = 1;
  }
  return out;
}
