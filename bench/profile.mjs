// `node --experimental-websocket bench/profile.mjs [--scenario NAME (any of bench/scenarios.mjs)] [--requests N] [--worker dist/worker.js]`
// (Node 22+: no flag needed)
// A V8 CPU profile of the gateway's isolate under non-stream load at concurrency 16, taken through
// workerd's inspector. Prints self time by original source file (via dist/worker.js.map) and the
// hottest functions; writes the .cpuprofile to the temp dir for DevTools. Diagnostic only: the
// inspector slows the isolate down, so read shares, not absolute numbers.
import { readFileSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { cleanupAll, onCleanup } from "./cleanup.mjs";
import { closeAgents, runClosedLoop, target } from "./load.mjs";
import { startMockUpstream } from "./mock-upstream.mjs";
import { MODEL, SCENARIOS } from "./scenarios.mjs";
import { GATEWAY_SCRIPT, startBenchGateway } from "./runtimes.mjs";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "core" },
    requests: { type: "string", default: "6000" },
    worker: { type: "string" },
  },
});
if (typeof WebSocket !== "function") {
  console.error("profile.mjs needs a global WebSocket: run it with `node --experimental-websocket` on Node 20");
  process.exit(2);
}
const sc = SCENARIOS[values.scenario];
if (!sc) {
  console.error(`--scenario must be one of ${Object.keys(SCENARIOS).join(", ")}`);
  process.exit(2);
}

/** Minimal CDP client over the inspector WebSocket. */
async function connect(wsUrl) {
  const ws = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`cannot connect to ${wsUrl}`));
  });
  let id = 0;
  const pending = new Map();
  ws.onmessage = (ev) => {
    const msg = JSON.parse(String(ev.data));
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    }
  };
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        pending.set(++id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Self time (µs) per original source file and per function, from a V8 .cpuprofile. */
function attribute(profile, map) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const dts = profile.timeDeltas;
  profile.samples.forEach((nodeId, i) => {
    selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (dts[i] ?? 0));
  });
  const files = new Map();
  const fns = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  for (const [nodeId, us] of selfUs) {
    const cf = byId.get(nodeId).callFrame;
    let file = cf.url ? path.basename(cf.url) : cf.functionName || "(native)";
    if (cf.url.endsWith("worker.js") && cf.lineNumber >= 0) {
      const e = map.findEntry(cf.lineNumber, cf.columnNumber);
      if (e?.originalSource) file = e.originalSource.replace(/^.*?(node_modules\/|src\/|durable-objects\/)/, "$1");
    }
    add(files, file.replace(/^(node_modules\/[^/]+)\/.*/, "$1"), us);
    add(fns, `${cf.functionName || "(anonymous)"}  ${file}${cf.lineNumber >= 0 ? `:${cf.lineNumber + 1}` : ""}`, us);
  }
  return { files, fns, totalUs: [...selfUs.values()].reduce((a, b) => a + b, 0) };
}

function top(m, n, totalUs, perReq) {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `  ${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${(us / perReq).toFixed(1).padStart(7)} µs/req  ${k}`,
    );
}

try {
  const mock = await startMockUpstream();
  onCleanup(() => mock.close());
  const scriptPath = values.worker ? path.resolve(values.worker) : GATEWAY_SCRIPT;
  const gw = await startBenchGateway(sc.config(mock.url), { inspectorPort: 0, scriptPath });
  onCleanup(gw.stop);
  const inspector = await gw.mf.getInspectorURL();
  const list = await (await fetch(`http://${inspector.host}/json`)).json();
  const entry = list.find((t) => t.id?.includes("switchyard") || t.title?.includes("switchyard")) ?? list[0];
  const auth = await sc.auth(gw.url);
  if (auth.skip) throw new Error(auth.skip);
  const t = target({
    name: "gateway",
    url: gw.url,
    path: sc.request?.path,
    headers: { authorization: `Bearer ${auth.token}`, ...sc.request?.headers },
  });
  onCleanup(() => closeAgents([t]));
  // The scenario's own request (embeddings, messages), else a chat completion.
  const body = Buffer.from(
    JSON.stringify(
      sc.request?.body
        ? sc.request.body({})
        : { model: MODEL, messages: [{ role: "user", content: "Say hello." }], max_tokens: 64 },
    ),
  );
  await runClosedLoop(t, { body, concurrency: 16, count: 2000, timeCapMs: 60_000 });

  const cdp = await connect(entry.webSocketDebuggerUrl);
  onCleanup(() => cdp.close());
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  const n = Number(values.requests);
  const res = await runClosedLoop(t, { body, concurrency: 16, count: n, timeCapMs: 120_000 });
  const { profile } = await cdp.send("Profiler.stop");
  if (res.failed) console.log(`! ${res.failed} requests failed; first: ${res.firstError}`);

  const file = path.join(os.tmpdir(), `switchyard-${values.scenario}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const map = new SourceMap(JSON.parse(readFileSync(`${scriptPath}.map`, "utf8")));
  const { files, fns, totalUs } = attribute(profile, map);
  const idle = ["(idle)", "(program)", "(garbage collector)"].map((k) => [k, files.get(k) ?? 0]);
  console.log(`profile of ${res.ok} requests (scenario ${values.scenario}), written to ${file}`);
  console.log(
    `sampled ${(totalUs / res.ok).toFixed(1)} µs/request wall in the isolate thread; ${idle.map(([k, v]) => `${k} ${(v / res.ok).toFixed(1)}`).join(", ")} µs/request`,
  );
  console.log("\nself time by source (file or package):");
  for (const l of top(files, 25, totalUs, res.ok)) console.log(l);
  console.log("\nhottest functions (self time):");
  for (const l of top(fns, Number(process.env.PROFILE_TOP ?? 30), totalUs, res.ok)) console.log(l);
} catch (e) {
  console.error(`profile failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
setTimeout(() => process.exit(), 10_000).unref(); // exit once Miniflare's temp-dir removal is done
