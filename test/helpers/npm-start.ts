import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface StartedProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `node scripts/start.mjs ...args` as its own process group (so a test can stop it, and only it, by pid). */
export function startProcess(args: string[], env: Record<string, string> = {}): StartedProcess {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

/** SIGKILL a started process group, if it still runs (afterAll clean-up, by pid). */
export function killGroup(p: StartedProcess | undefined): void {
  if (!p || p.child.exitCode !== null || !p.child.pid) return;
  try {
    process.kill(-p.child.pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

export async function waitFor(cond: () => boolean, what: string, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
