// The measurement phases. Targets are measured in interleaved rounds (the order rotates each
// round) so that drift (thermal, noisy neighbours, GC) hits every target equally.
import { runClosedLoop } from "./load.mjs";
import { cpuMicros } from "./processes.mjs";

const rotate = (arr, by) => arr.map((_, i) => arr[(i + by) % arr.length]);

/** Collects failures so a run with errors is reported as such, never as a clean number. */
function tally(into, r) {
  into.ok += r.ok;
  into.failed += r.failed;
  into.capped ||= r.capped;
  into.firstError ??= r.firstError;
}

const fresh = () => ({ ok: 0, failed: 0, capped: false, firstError: undefined });

export async function warmUp(targets, { json, stream }, sizes) {
  const w = sizes.warmup;
  for (const t of targets) {
    await runClosedLoop(t, { body: json, concurrency: 16, count: w.c16, timeCapMs: 30_000 });
    await runClosedLoop(t, { body: json, concurrency: 1, count: w.c1, timeCapMs: 30_000 });
    await runClosedLoop(t, { body: stream, concurrency: 1, count: w.streams, timeCapMs: 30_000 });
  }
}

/**
 * Non-stream throughput at fixed concurrency, and workerd CPU (utime+stime of each target's own
 * workerd process, read before/after each round) per completed request.
 */
export async function throughputAndCpu(targets, body, sizes) {
  const { concurrency, rounds, perRound, capMs } = sizes.throughput;
  const acc = new Map(
    targets.map((t) => [t, { ...fresh(), wallMs: 0, cpuUs: 0, cpuKnown: t.pid != null, roundRps: [] }]),
  );
  for (let r = 0; r < rounds; r++) {
    for (const t of rotate(targets, r)) {
      const a = acc.get(t);
      const before = t.pid != null ? cpuMicros(t.pid) : null;
      const res = await runClosedLoop(t, { body, concurrency, count: perRound, timeCapMs: capMs });
      const after = t.pid != null ? cpuMicros(t.pid) : null;
      tally(a, res);
      a.wallMs += res.wallMs;
      a.roundRps.push((res.ok / res.wallMs) * 1000);
      if (before == null || after == null) a.cpuKnown = false;
      else a.cpuUs += after - before;
    }
  }
  return new Map(
    [...acc].map(([t, a]) => [
      t.name,
      {
        ...a,
        rps: (a.ok / a.wallMs) * 1000,
        cpuPerRequestUs: a.cpuKnown ? a.cpuUs / (a.ok + a.failed) : NaN,
        cpuBusy: a.cpuKnown ? a.cpuUs / 1000 / a.wallMs : NaN,
      },
    ]),
  );
}

/** Sequential (concurrency 1) requests; `pick` chooses total time or time to first body byte. */
async function sequentialRounds(targets, body, phase, pick) {
  const acc = new Map(targets.map((t) => [t, { ...fresh(), samples: [] }]));
  for (let r = 0; r < phase.rounds; r++) {
    for (const t of rotate(targets, r)) {
      const a = acc.get(t);
      const res = await runClosedLoop(t, { body, concurrency: 1, count: phase.perRound, timeCapMs: phase.capMs });
      tally(a, res);
      for (const v of pick(res)) a.samples.push(v);
    }
  }
  return new Map([...acc].map(([t, a]) => [t.name, a]));
}

export const latency = (targets, body, sizes) => sequentialRounds(targets, body, sizes.latency, (r) => r.latencies);
export const ttfb = (targets, body, sizes) => sequentialRounds(targets, body, sizes.ttfb, (r) => r.firstBytes);
