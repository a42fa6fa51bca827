import { readdirSync, readFileSync } from "node:fs";

/** Pids of workerd processes that are descendants of this process. */
export function workerdPids(): number[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      names.set(Number(d), stat.slice(stat.indexOf("(") + 1, close));
      parents.set(Number(d), Number(stat.slice(close + 2).split(" ")[1]));
    } catch {
      // process ended while scanning
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parents.get(pid), i = 0; p && i < 50; p = parents.get(p), i++) if (p === process.pid) return true;
    return false;
  };
  return [...names].filter(([pid, name]) => name === "workerd" && mine(pid)).map(([pid]) => pid);
}

/** Resident set size of a process in bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}
