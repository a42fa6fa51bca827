// Core pinning plan: workerd processes on core 0, this process (load generator + mock upstream) on core 1.
import { pin, tasksetAvailable } from "./processes.mjs";

export const WORKERD_CORE = 0;
export const LOADGEN_CORE = 1;

/** Decide whether to pin and pin this process; returns { note, pinWorkerd(pid) → warning|null }. */
export function setUpPinning({ wanted, cores }) {
  const off = (why) => ({ active: false, note: `pinning: off (${why}); numbers are noisier`, pinWorkerd: () => null });
  if (!wanted) return off("--no-pin");
  if (process.platform !== "linux") return off(`platform ${process.platform}`);
  if (cores < 2) return off(`only ${cores} core`);
  if (!tasksetAvailable()) return off("taskset not found");
  const err = pin(process.pid, LOADGEN_CORE);
  if (err) return off(`taskset failed: ${err}`);
  return {
    active: true,
    note: `pinning: taskset found; workerd processes on core ${WORKERD_CORE}, load generator + mock upstream (node pid ${process.pid}) on core ${LOADGEN_CORE}`,
    pinWorkerd: (pid) => (pid == null ? "workerd pid not found, not pinned" : pin(pid, WORKERD_CORE)),
  };
}
