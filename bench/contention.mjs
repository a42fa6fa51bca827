// How much of the machine other processes used while a scenario ran: busy CPU from /proc/stat minus
// this process and the bench's workerd processes. The bench cannot make the machine quiet; it says how quiet it was.
import { performance } from "node:perf_hooks";
import { cpuMicros, machineBusyMicros } from "./processes.mjs";

function ownMicros(pids) {
  const u = process.cpuUsage();
  let sum = u.user + u.system;
  for (const pid of pids) {
    const c = pid == null ? null : cpuMicros(pid);
    if (c == null) return null;
    sum += c;
  }
  return sum;
}

/** Start measuring; `stop()` returns the share (0..1) of all cores' time used by other processes, or null. */
export function contentionMeter(pids, cores) {
  const busy0 = machineBusyMicros();
  const own0 = ownMicros(pids);
  const t0 = performance.now();
  return {
    stop() {
      const busy1 = machineBusyMicros();
      const own1 = ownMicros(pids);
      if (busy0 == null || busy1 == null || own0 == null || own1 == null) return null;
      const wallUs = (performance.now() - t0) * 1000;
      return Math.max(0, (busy1 - busy0 - (own1 - own0)) / (wallUs * cores));
    },
  };
}
