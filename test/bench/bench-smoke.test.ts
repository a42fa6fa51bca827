import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NUM = String.raw`[+-]?\d+(?:\.\d+)?`;

function runBench(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bench/run.mjs", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    // SIGTERM makes the bench stop everything it started; only if it hangs past the test's budget.
    const guard = setTimeout(() => child.kill("SIGTERM"), 55_000);
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
  });
}

describe("npm run bench -- --quick --scenario core", () => {
  it("measures all four metrics against the built gateway and the reference worker, with no failed requests, and stops its workerd processes", async () => {
    const { code, out } = await runBench(["--quick", "--scenario", "core", "--no-pin"]);
    expect(code, out).toBe(0);
    expect(out).not.toContain("requests failed");

    const tp = new RegExp(
      String.raw`throughput gateway/pass-through @ concurrency 16 \(non-stream\): (${NUM})x \(gateway (\d+) req/s, pass-through (\d+) req/s\)\s+target >= 0\.9x: (met|NOT MET)`,
    ).exec(out);
    expect(tp, out).not.toBeNull();
    expect(Number(tp![2])).toBeGreaterThan(0);
    expect(Number(tp![3])).toBeGreaterThan(0);

    expect(out).toMatch(
      new RegExp(
        `added latency p50/p99 @ concurrency 1: gateway - pass-through ${NUM}/${NUM} ms; pass-through - direct ${NUM}/${NUM} ms`,
      ),
    );
    expect(out).toMatch(
      new RegExp(
        String.raw`streaming TTFB delta gateway - pass-through: p50 ${NUM} ms \(p99 ${NUM} ms\)\s+target <= 0\.5 ms \(p50\): (met|NOT MET)`,
      ),
    );

    const cpu = new RegExp(
      String.raw`workerd CPU per request gateway - pass-through: (${NUM}) µs \(gateway (${NUM}) µs, pass-through (${NUM}) µs\)\s+target <= 50 µs: (met|NOT MET)`,
    ).exec(out);
    expect(cpu, out).not.toBeNull();
    expect(Number(cpu![2])).toBeGreaterThan(0);
    expect(Number(cpu![3])).toBeGreaterThan(0);

    const ref = new RegExp(
      String.raw`reference worker \(bench/reference-worker\.mjs[^)]*\) vs pass-through: throughput (${NUM})x, CPU (${NUM}) µs/request`,
    ).exec(out);
    expect(ref, out).not.toBeNull();
    expect(Number(ref![1])).toBeGreaterThan(0);
    expect(out).toMatch(new RegExp(`gateway vs reference: throughput ${NUM}x, CPU ${NUM} µs/request`));

    // Every workerd process the bench started is gone once it has exited (pids come from /proc: Linux).
    if (process.platform === "linux") {
      const pids = [...out.matchAll(/workerd pid (\d+)/g)].map((m) => m[1]);
      expect(pids.length).toBe(3); // pass-through, reference, gateway
      for (const pid of pids) expect(existsSync(`/proc/${pid}`), `workerd ${pid} still running`).toBe(false);
    }
  }, 60_000);
});
