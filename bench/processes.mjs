// /proc helpers (workerd pid discovery, CPU time) and core pinning with taskset. Linux only;
// everything degrades to "not available" elsewhere.
import { readdirSync, readFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";

/** Fields of /proc/<pid>/stat after the "(comm)" field: [state, ppid, ...]; null if gone. */
function statOf(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = s.lastIndexOf(")");
    return { comm: s.slice(s.indexOf("(") + 1, close), rest: s.slice(close + 2).split(" ") };
  } catch {
    return null;
  }
}

/** Pids of live children of `ppid` whose command name is `comm`. */
export function childPids(ppid, comm) {
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const out = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const st = statOf(e);
    if (st && st.comm === comm && Number(st.rest[1]) === ppid) out.push(Number(e));
  }
  return out;
}

/** Clock ticks per second for utime/stime. */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime+stime of a process (all threads) in microseconds, or null. */
export function cpuMicros(pid) {
  const st = statOf(pid);
  if (!st) return null;
  const ticks = Number(st.rest[11]) + Number(st.rest[12]);
  return (ticks * 1_000_000) / CLK_TCK;
}

export function tasksetAvailable() {
  const r = spawnSync("taskset", ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/** Pin every thread of `pid` to `core` (new threads inherit it). Returns an error message or null. */
export function pin(pid, core) {
  const r = spawnSync("taskset", ["-a", "-p", "-c", String(core), String(pid)], { encoding: "utf8" });
  return r.status === 0 ? null : (r.stderr || r.error?.message || `exit ${r.status}`).trim();
}

/** Busy CPU time of the whole machine (all cores, incl. steal) in microseconds, from /proc/stat; null if unavailable. */
export function machineBusyMicros() {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1_000_000) / CLK_TCK;
  } catch {
    return null;
  }
}
