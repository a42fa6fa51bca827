// Starts the two workerd targets through Miniflare, each in its own workerd process with a direct
// socket: the bare pass-through worker, and the gateway exactly as `npm start` runs it.
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startGateway } from "../scripts/gateway-runtime.mjs";
import { childPids } from "./processes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const GATEWAY_SCRIPT = path.join(ROOT, "dist/worker.js");

/** Drains workerd's stdout/stderr (an undrained pipe would stall workerd): counts stdout lines, keeps a stderr tail. */
function outputSink() {
  const sink = { stdoutLines: 0, stderrTail: "" };
  sink.handle = (stdout, stderr) => {
    stdout.on("data", (d) => {
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) sink.stdoutLines++;
    });
    stderr.on("data", (d) => {
      sink.stderrTail = (sink.stderrTail + d.toString("utf8")).slice(-4000);
    });
  };
  return sink;
}

/** Run `start` and return its result plus the pid of the workerd child it spawned. */
async function withWorkerdPid(start) {
  const before = new Set(childPids(process.pid, "workerd"));
  const started = await start();
  const fresh = childPids(process.pid, "workerd").filter((p) => !before.has(p));
  return { ...started, pid: fresh.length === 1 ? fresh[0] : null };
}

/** A bare worker (no state bindings) on workerd through Miniflare, with a direct socket. */
async function startBareWorker(name, script, bindings) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml"));
  const output = outputSink();
  return withWorkerdPid(async () => {
    const mf = new Miniflare({
      host: "127.0.0.1",
      port: 0,
      handleRuntimeStdio: output.handle,
      workers: [
        {
          name,
          modules: true,
          scriptPath: path.join(ROOT, script),
          compatibilityDate: workerOptions.compatibilityDate,
          compatibilityFlags: workerOptions.compatibilityFlags,
          bindings,
          unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
        },
      ],
    });
    try {
      await mf.ready;
      const url = (await mf.unsafeGetDirectURL(name)).toString().replace(/\/$/, "");
      return { url, output, stop: () => mf.dispose() };
    } catch (e) {
      await mf.dispose().catch(() => {});
      throw e;
    }
  });
}

export function startPassthrough(upstreamUrl) {
  return startBareWorker("passthrough", "bench/passthrough-worker.mjs", { UPSTREAM: upstreamUrl });
}

/** bench/reference-worker.mjs: the least a translating gateway does (see the file). */
export function startReference(upstreamUrl, { masterKey, upstreamKey }) {
  return startBareWorker("reference", "bench/reference-worker.mjs", {
    UPSTREAM: upstreamUrl,
    MASTER_KEY: masterKey,
    UPSTREAM_KEY: upstreamKey,
  });
}

/**
 * The gateway on the `npm start` runtime path (dist/worker.js, bindings from wrangler.toml), with Miniflare's default state: fresh SQLite files in a temp dir, removed on dispose.
 * `inspectorPort` (profile.mjs only) opens the DevTools inspector; `scriptPath` benches another build.
 */
export async function startBenchGateway(configText, { inspectorPort, scriptPath = GATEWAY_SCRIPT } = {}) {
  const output = outputSink();
  return withWorkerdPid(async () => {
    // Without the dashboard's assets: their local router would add its CPU to every API request (not so on Cloudflare).
    const gw = await startGateway({
      scriptPath,
      configText,
      handleRuntimeStdio: output.handle,
      inspectorPort,
      assets: false,
    });
    return { url: gw.url, mf: gw.mf, output, stop: () => gw.stop() };
  });
}
