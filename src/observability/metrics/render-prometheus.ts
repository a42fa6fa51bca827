import type { SeriesDelta } from "./metric-batch.js";
import { LATENCY_BUCKETS, METRICS } from "./metric-catalog.js";

/** A label value in the text format: backslash, double quote and newline escaped. */
function escapeValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelText(labels: Record<string, string>, extra?: [string, string]): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeValue(labels[k]!)}"`);
  if (extra) parts.push(`${extra[0]}="${escapeValue(extra[1])}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function num(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "+Inf";
  if (n === Number.NEGATIVE_INFINITY) return "-Inf";
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/**
 * Prometheus text exposition (version 0.0.4) of summed series, in catalog order, one HELP/TYPE
 * block per metric that has series. Counters are named with the `_total` suffix, as LiteLLM's
 * Python client writes them (dashboards query `litellm_spend_metric_total`); histograms have
 * cumulative `_bucket` lines up to `+Inf`, `_sum` and `_count`.
 */
export function renderPrometheus(series: readonly SeriesDelta[]): string {
  const byName = new Map<string, SeriesDelta[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const m of METRICS) {
    const list = byName.get(m.name);
    if (!list?.length) continue;
    const family = m.kind === "counter" ? `${m.name}_total` : m.name;
    lines.push(`# HELP ${family} ${m.help}`, `# TYPE ${family} ${m.kind}`);
    const sorted = [...list].sort((a, b) => labelText(a.labels).localeCompare(labelText(b.labels)));
    for (const s of sorted) {
      if (m.kind === "counter") lines.push(`${m.name}_total${labelText(s.labels)} ${num(s.value)}`);
      else if (m.kind === "gauge") lines.push(`${m.name}${labelText(s.labels)} ${num(s.value)}`);
      else {
        let cumulative = 0;
        LATENCY_BUCKETS.forEach((le, i) => {
          cumulative += s.buckets?.[i] ?? 0;
          lines.push(`${m.name}_bucket${labelText(s.labels, ["le", num(le)])} ${num(cumulative)}`);
        });
        cumulative += s.buckets?.[LATENCY_BUCKETS.length] ?? 0;
        lines.push(`${m.name}_bucket${labelText(s.labels, ["le", "+Inf"])} ${num(cumulative)}`);
        lines.push(`${m.name}_sum${labelText(s.labels)} ${num(s.sum ?? 0)}`);
        lines.push(`${m.name}_count${labelText(s.labels)} ${num(s.value)}`);
      }
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}
