// `npm run build && node --experimental-websocket bench/soak.mjs [--requests 40000] [--concurrency 16]
//   [--scenario vkey] [--stream] [--max-growth-mb 20]`   (Node 22+: no flag needed)
// The soak check: one gateway (bench scenario config) under a long closed-loop run; every 10,000 requests
// it samples workerd's resident memory and, through workerd's inspector, the isolate's JS heap after a
// forced garbage collection (what is really retained; RSS also holds heap the allocator keeps). Prints the
// growth per 10,000 requests after the first 10,000 (warm-up: code, caches and heaps settle there) and
// exits 1 when the retained heap grows past --max-growth-mb per 10,000.
import { parseArgs } from "node:util";
import { cleanupAll, onCleanup } from "./cleanup.mjs";
import { closeAgents, runClosedLoop, target } from "./load.mjs";
import { startMockUpstream } from "./mock-upstream.mjs";
import { startBenchGateway } from "./runtimes.mjs";
import { MODEL, SCENARIOS } from "./scenarios.mjs";
import { readFileSync } from "node:fs";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "40000" },
    concurrency: { type: "string", default: "16" },
    scenario: { type: "string", default: "vkey" },
    stream: { type: "boolean", default: false },
    "max-growth-mb": { type: "string", default: "20" },
  },
});
const STEP = 10_000;
if (typeof WebSocket !== "function") {
  console.error("soak.mjs needs a global WebSocket: run it with `node --experimental-websocket` on Node 20");
  process.exit(2);
}

/** A minimal CDP client on the gateway isolate's inspector. */
async function inspect(gw) {
  const inspector = await gw.mf.getInspectorURL();
  const list = await (await fetch(`http://${inspector.host}/json`)).json();
  const entry = list.find((t) => t.id?.includes("switchyard") || t.title?.includes("switchyard")) ?? list[0];
  const ws = new WebSocket(entry.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error("cannot connect to workerd's inspector"));
  });
  let id = 0;
  const pending = new Map();
  ws.onmessage = (ev) => {
    const msg = JSON.parse(String(ev.data));
    const p = msg.id && pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    msg.error ? p.reject(new Error(JSON.stringify(msg.error))) : p.resolve(msg.result);
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

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

const sc = SCENARIOS[values.scenario];
if (!sc) throw new Error(`unknown --scenario ${values.scenario}`);
const mock = await startMockUpstream();
onCleanup(() => mock.close());
const gw = await startBenchGateway(sc.config(mock.url), { inspectorPort: 0 });
onCleanup(gw.stop);
try {
  const cdp = await inspect(gw);
  await cdp.send("HeapProfiler.enable");
  onCleanup(() => cdp.close());
  /** The isolate's JS heap (MB) after a full garbage collection. */
  const retainedMb = async () => {
    // workerd runs the collection when the isolate next gets work: send one request alongside.
    const gc = cdp.send("HeapProfiler.collectGarbage");
    await (await fetch(`${gw.url}/health/liveliness`)).arrayBuffer();
    await gc;
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    return usedSize / 1024 / 1024;
  };
  if (!gw.pid) throw new Error("workerd pid not found: the soak check needs /proc");
  const auth = await sc.auth(gw.url);
  if (auth.skip) throw new Error(auth.skip);
  const t = target({ name: "gateway", url: gw.url, headers: { authorization: `Bearer ${auth.token}` } });
  const body = Buffer.from(
    JSON.stringify({
      model: MODEL,
      messages: [{ role: "user", content: "Say hello." }],
      max_tokens: 64,
      ...(values.stream ? { stream: true } : {}),
    }),
  );
  const total = Number(values.requests);
  const samples = [{ requests: 0, mb: rssMb(gw.pid), heap: await retainedMb() }];
  const line = (s, rate) =>
    `  ${s.requests} requests: workerd RSS ${s.mb.toFixed(1)} MB, JS heap after GC ${s.heap.toFixed(1)} MB${rate}`;
  console.log(`soak: ${values.scenario}${values.stream ? " (stream)" : ""}, ${total} requests, workerd pid ${gw.pid}`);
  console.log(line(samples[0], ""));
  for (let done = 0; done < total; done += STEP) {
    const r = await runClosedLoop(t, {
      body,
      concurrency: Number(values.concurrency),
      count: STEP,
      timeCapMs: 600_000,
    });
    if (r.failed) throw new Error(`${r.failed} requests failed: ${r.firstError}`);
    const s = { requests: done + STEP, mb: rssMb(gw.pid), heap: await retainedMb() };
    samples.push(s);
    console.log(line(s, ` (${((STEP / r.wallMs) * 1000).toFixed(0)} req/s)`));
  }
  closeAgents([t]);
  const warm = samples[1];
  const last = samples.at(-1);
  const steps = (last.requests - warm.requests) / STEP;
  const rssStep = steps > 0 ? (last.mb - warm.mb) / steps : Number.NaN;
  const heapStep = steps > 0 ? (last.heap - warm.heap) / steps : Number.NaN;
  console.log(
    `  growth after warm-up, per 10,000 requests: workerd RSS ${rssStep.toFixed(1)} MB, JS heap after GC ${heapStep.toFixed(2)} MB`,
  );
  if (heapStep > Number(values["max-growth-mb"])) {
    console.error(`  the retained heap grows more than ${values["max-growth-mb"]} MB per 10,000 requests: a leak`);
    process.exitCode = 1;
  }
} finally {
  await cleanupAll();
}
