// Formats the four metrics with their targets. Each metric line starts with a fixed label
// (the smoke test and readers grep for them); a metric measured with failed requests says so.
import { p50, p99, signed } from "./stats.mjs";

export const TARGETS = { throughputRatio: 0.9, cpuDeltaUs: 50, ttfbDeltaMs: 0.5 };

const verdict = (ok, errors) => (errors ? "not met (requests failed)" : ok ? "met" : "NOT MET");
const ms = (v) => v.toFixed(3);

function problems(results) {
  const out = [];
  for (const [name, r] of results) {
    if (r.failed) out.push(`    ! ${name}: ${r.failed} of ${r.ok + r.failed} requests failed; first: ${r.firstError}`);
    if (r.capped) out.push(`    ! ${name}: hit the time cap before the request count`);
  }
  return out;
}

const anyFailed = (results) => [...results.values()].some((r) => r.failed > 0 || r.ok === 0);

export function throughputLines(res) {
  const gw = res.get("gateway");
  const pt = res.get("pass-through");
  const ratio = gw.rps / pt.rps;
  const met = ratio >= TARGETS.throughputRatio;
  const perRound = gw.roundRps.map((v, i) => v / pt.roundRps[i]);
  const busy = (r) => (Number.isNaN(r.cpuBusy) ? "n/a" : `${Math.round(r.cpuBusy * 100)}%`);
  return {
    summary: { ratio, met: met && !anyFailed(res) },
    lines: [
      `  throughput gateway/pass-through @ concurrency 16 (non-stream): ${ratio.toFixed(2)}x ` +
        `(gateway ${Math.round(gw.rps)} req/s, pass-through ${Math.round(pt.rps)} req/s)   ` +
        `target >= ${TARGETS.throughputRatio}x: ${verdict(met, anyFailed(res))}`,
      `      ${gw.ok + gw.failed} requests per target; per-round ratio ${Math.min(...perRound).toFixed(2)}-${Math.max(...perRound).toFixed(2)}; workerd CPU busy: gateway ${busy(gw)}, pass-through ${busy(pt)} of one core`,
      ...(pt.cpuBusy < 0.8
        ? [
            "    ! pass-through workerd was under 80% busy: the load generator or other processes limited throughput, so the ratio flatters the gateway; read the CPU metric",
          ]
        : []),
      ...problems(res),
    ],
  };
}

export function cpuLines(res, resolutionUs) {
  const gw = res.get("gateway");
  const pt = res.get("pass-through");
  const delta = gw.cpuPerRequestUs - pt.cpuPerRequestUs;
  if (Number.isNaN(delta)) {
    return {
      summary: { delta, met: false },
      lines: ["  workerd CPU per request gateway - pass-through: n/a (workerd pid or /proc not available)"],
    };
  }
  const met = delta <= TARGETS.cpuDeltaUs;
  return {
    summary: { delta, met: met && !anyFailed(res) },
    lines: [
      `  workerd CPU per request gateway - pass-through: ${signed(delta, 1)} µs ` +
        `(gateway ${gw.cpuPerRequestUs.toFixed(1)} µs, pass-through ${pt.cpuPerRequestUs.toFixed(1)} µs)   ` +
        `target <= ${TARGETS.cpuDeltaUs} µs: ${verdict(met, anyFailed(res))}`,
      `      utime+stime from /proc/<pid>/stat over the throughput rounds; resolution ±${resolutionUs(gw.ok + gw.failed).toFixed(1)} µs/request`,
    ],
  };
}

/** The reference worker against the pass-through and the gateway against the reference (same rounds). */
export function referenceLines(res) {
  const ref = res.get("reference");
  const gw = res.get("gateway");
  const pt = res.get("pass-through");
  if (!ref) return [];
  const cpu = (a, b) =>
    Number.isNaN(a.cpuPerRequestUs - b.cpuPerRequestUs)
      ? "n/a"
      : `${signed(a.cpuPerRequestUs - b.cpuPerRequestUs, 1)} µs`;
  return [
    `  reference worker (bench/reference-worker.mjs: parse, re-serialise, forward, parse the answer, nothing else) vs pass-through: ` +
      `throughput ${(ref.rps / pt.rps).toFixed(2)}x, CPU ${cpu(ref, pt)}/request`,
    `      gateway vs reference: throughput ${(gw.rps / ref.rps).toFixed(2)}x, CPU ${cpu(gw, ref)}/request (what the gateway adds over the least a translating worker does)`,
    ...problems(new Map([["reference", ref]])),
  ];
}

/**
 * Two builds in the same rounds (`--worker FILE`): gateway-B against gateway on throughput, CPU per
 * request, latency and TTFB. Each metric also shows its per-round spread, the run's own noise.
 */
export function abLines({ tp, lat, ttfb, b }) {
  const a = tp.get("gateway");
  const bb = tp.get("gateway-B");
  const perRound = bb.roundRps.map((v, i) => v / a.roundRps[i]);
  const cpu = Number.isNaN(bb.cpuPerRequestUs - a.cpuPerRequestUs)
    ? "n/a"
    : `${signed(bb.cpuPerRequestUs - a.cpuPerRequestUs, 1)} µs (A ${a.cpuPerRequestUs.toFixed(1)}, B ${bb.cpuPerRequestUs.toFixed(1)})`;
  const d = (res, f) => f(res.get("gateway-B").samples) - f(res.get("gateway").samples);
  return [
    `  A/B, B = ${b} against A = dist/worker.js in the same rounds:`,
    `      throughput B/A ${(bb.rps / a.rps).toFixed(3)}x (per-round ${Math.min(...perRound).toFixed(3)}-${Math.max(...perRound).toFixed(3)}); CPU per request B - A ${cpu}`,
    `      latency p50/p99 B - A ${signed(d(lat, p50), 3)}/${signed(d(lat, p99), 3)} ms; TTFB p50 B - A ${ttfb ? `${signed(d(ttfb, p50), 3)} ms` : "n/a"}`,
    ...problems(new Map([["gateway-B", bb]])),
  ];
}

export function latencyLines(res) {
  const s = (name) => res.get(name).samples;
  const d = { gw50: p50(s("gateway")) - p50(s("pass-through")), gw99: p99(s("gateway")) - p99(s("pass-through")) };
  const pt50 = p50(s("pass-through")) - p50(s("direct"));
  const pt99 = p99(s("pass-through")) - p99(s("direct"));
  const row = (name) => `${name} ${ms(p50(s(name)))}/${ms(p99(s(name)))}`;
  return {
    summary: { p50: d.gw50, p99: d.gw99 },
    lines: [
      `  added latency p50/p99 @ concurrency 1: gateway - pass-through ${signed(d.gw50, 3)}/${signed(d.gw99, 3)} ms; ` +
        `pass-through - direct ${signed(pt50, 3)}/${signed(pt99, 3)} ms`,
      `      p50/p99 ms: ${row("direct")}, ${row("pass-through")}, ${row("gateway")}; ${s("gateway").length} requests per target`,
      ...problems(res),
    ],
  };
}

export function ttfbLines(res) {
  const s = (name) => res.get(name).samples;
  const d50 = p50(s("gateway")) - p50(s("pass-through"));
  const d99 = p99(s("gateway")) - p99(s("pass-through"));
  const met = d50 <= TARGETS.ttfbDeltaMs;
  const row = (name) => `${name} ${ms(p50(s(name)))}/${ms(p99(s(name)))}`;
  return {
    summary: { delta: d50, met: met && !anyFailed(res) },
    lines: [
      `  streaming TTFB delta gateway - pass-through: p50 ${signed(d50, 3)} ms (p99 ${signed(d99, 3)} ms)   ` +
        `target <= ${TARGETS.ttfbDeltaMs} ms (p50): ${verdict(met, anyFailed(res))}`,
      `      TTFB p50/p99 ms: ${row("direct")}, ${row("pass-through")}, ${row("gateway")}; ${s("gateway").length} streams per target`,
      ...problems(res),
    ],
  };
}

export function summaryTable(rows) {
  const pad = (v, n) => String(v).padEnd(n);
  const out = [
    "summary (targets: throughput >= 0.9x pass-through, CPU delta <= 50 µs/request, TTFB delta <= 0.5 ms)",
    `  ${pad("scenario", 21)}${pad("throughput", 20)}${pad("added p50/p99 ms", 20)}${pad("TTFB delta p50", 22)}CPU delta µs/request`,
  ];
  for (const r of rows) {
    if (r.skipped) {
      out.push(`  ${pad(r.name, 21)}${r.skipped}`);
      continue;
    }
    out.push(
      `  ${pad(r.name, 21)}${pad(`${r.tp.ratio.toFixed(2)}x ${r.tp.met ? "met" : "NOT MET"}`, 20)}` +
        `${pad(`${signed(r.lat.p50, 3)}/${signed(r.lat.p99, 3)}`, 20)}` +
        `${pad(Number.isNaN(r.ttfb.delta) ? "n/a" : `${signed(r.ttfb.delta, 3)} ms ${r.ttfb.met ? "met" : "NOT MET"}`, 22)}` +
        `${Number.isNaN(r.cpu.delta) ? "n/a" : `${signed(r.cpu.delta, 1)} ${r.cpu.met ? "met" : "NOT MET"}`}`,
    );
  }
  return out;
}
