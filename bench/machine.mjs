// What the run was measured on: CPU model, cores, node and workerd versions, git commit.
import { execFileSync } from "node:child_process";
import { readlinkSync } from "node:fs";
import os from "node:os";

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

function cpuModel() {
  const line = run("lscpu", [])
    ?.split("\n")
    .find((l) => l.startsWith("Model name:"));
  return line ? line.slice("Model name:".length).trim() : (os.cpus()[0]?.model ?? "unknown");
}

/** The version of the workerd binary actually running as `pid`. */
export function workerdVersion(pid) {
  try {
    return run(readlinkSync(`/proc/${pid}/exe`), ["--version"])?.replace(/^workerd\s+/, "") ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function machine() {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    node: process.version,
    commit: run("git", ["rev-parse", "--short", "HEAD"]) ?? "unknown",
    dirty: (run("git", ["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "",
  };
}
