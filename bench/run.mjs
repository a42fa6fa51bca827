// `npm run bench [-- --quick] [--scenario core|core-metrics|core-observed|router|vkey|embeddings|messages|messages-translated|cache-hit|cache-miss[,...]|all] [--no-pin] [--worker FILE]`
// Mock upstream + bare pass-through worker + the gateway (npm start's runtime path), each workerd
// pinned to core 0 and this process to core 1 where taskset exists; prints the four metrics per scenario.
import { existsSync } from "node:fs";
import path from "node:path";
import { cleanupAll, onCleanup } from "./cleanup.mjs";
import { contentionMeter } from "./contention.mjs";
import { closeAgents, target } from "./load.mjs";
import { machine, workerdVersion } from "./machine.mjs";
import { latency, throughputAndCpu, ttfb, warmUp } from "./measure.mjs";
import { SSE_CHUNKS, SSE_GAP_MS, startMockUpstream } from "./mock-upstream.mjs";
import { readOptions } from "./options.mjs";
import { setUpPinning } from "./pinning.mjs";
import { CLK_TCK } from "./processes.mjs";
import {
  abLines,
  cpuLines,
  latencyLines,
  referenceLines,
  summaryTable,
  throughputLines,
  ttfbLines,
} from "./report.mjs";
import { MASTER_KEY, MODEL, SCENARIOS, UPSTREAM_KEY } from "./scenarios.mjs";
import { GATEWAY_SCRIPT, startBenchGateway, startPassthrough, startReference } from "./runtimes.mjs";

const opts = readOptions(process.argv.slice(2));
const messages = [
  { role: "system", content: "You are a helpful assistant." },
  { role: "user", content: "Say hello." },
];
const chatBody = (extra) => ({ model: MODEL, messages, max_tokens: 64, ...extra });
/** A scenario's request bodies: chat completions unless the scenario names its own request. */
const bodiesWith = (extra, body = chatBody) => ({
  json: Buffer.from(JSON.stringify(body(extra))),
  stream: Buffer.from(JSON.stringify(body({ ...extra, stream: true }))),
});
const baseBodies = bodiesWith({});
const allTargets = [];
const track = (t) => {
  allTargets.push(t);
  return t;
};

async function runScenario(name, { mock, pass, ref, direct, pinning, cores }) {
  const sc = SCENARIOS[name];
  console.log(`\n== scenario ${sc.title} ==`);
  if (sc.disabled) {
    console.log(`  skipped: ${sc.disabled}`);
    return { name, skipped: `skipped: ${sc.disabled}` };
  }
  const streams = sc.request?.stream !== false;
  const built = sc.extraBody || sc.request ? bodiesWith(sc.extraBody ?? {}, sc.request?.body) : baseBodies;
  // An operation that does not stream warms up and measures with its JSON body only.
  const bodies = streams ? built : { json: built.json, stream: built.json };
  const gw = await startBenchGateway(sc.config(mock.url), {});
  const stopGateway = onCleanup(gw.stop);
  // --worker FILE: a second gateway on that build, measured in the same rounds (an A/B of two builds).
  const gwB = opts.worker
    ? await startBenchGateway(sc.config(mock.url), { scriptPath: path.resolve(opts.worker) })
    : null;
  const stopGatewayB = gwB ? onCleanup(gwB.stop) : async () => {};
  try {
    for (const [label, g] of [
      ["gateway", gw],
      ["gateway-B", gwB],
    ]) {
      if (!g) continue;
      const pinErr = pinning.active ? pinning.pinWorkerd(g.pid) : null;
      console.log(
        `  ${label} ${g.url}, workerd pid ${g.pid ?? "not found (CPU metric unavailable)"}${pinErr ? `, not pinned (${pinErr})` : ""}`,
      );
    }
    const auth = await sc.auth(gw.url);
    const authB = gwB ? await sc.auth(gwB.url) : null;
    if (auth.skip || authB?.skip) {
      console.log(`  ${auth.skip ?? authB.skip}`);
      return { name, skipped: auth.skip ?? authB.skip };
    }
    const headers = { authorization: `Bearer ${auth.token}`, ...sc.request?.headers };
    const headersB = authB && { authorization: `Bearer ${authB.token}`, ...sc.request?.headers };
    const reqPath = sc.request?.path;
    const gateway = track({ ...target({ name: "gateway", url: gw.url, path: reqPath, headers }), pid: gw.pid });
    const passthrough = track({
      ...target({ name: "pass-through", url: pass.url, path: reqPath, headers }),
      pid: pass.pid,
    });
    const directT = track(target({ name: "direct", url: direct, path: reqPath, headers }));
    const gatewayB = gwB
      ? track({ ...target({ name: "gateway-B", url: gwB.url, path: reqPath, headers: headersB }), pid: gwB.pid })
      : null;
    const gateways = gatewayB ? [gateway, gatewayB] : [gateway];
    const reference = sc.reference
      ? track({ ...target({ name: "reference", url: ref.url, headers }), pid: ref.pid })
      : null;
    await warmUp([directT, passthrough, ...gateways], bodies, opts.sizes);
    if (reference) await warmUp([reference], { ...bodies, stream: bodies.json }, opts.sizes);
    const meter = contentionMeter([pass.pid, gw.pid, gwB?.pid, ref.pid].filter(Boolean), cores);

    const linesBefore = gw.output.stdoutLines;
    const sentBefore = gateway.sent;
    const tp = await throughputAndCpu(
      [passthrough, ...gateways, ...(reference ? [reference] : [])],
      bodies.json,
      opts.sizes,
    );
    const tpOut = throughputLines(tp);
    const refOut = referenceLines(tp);
    const cpuOut = cpuLines(tp, (n) => 1_000_000 / CLK_TCK / n);
    const lat = await latency([directT, passthrough, ...gateways], bodies.json, opts.sizes);
    const tt = streams ? await ttfb([directT, passthrough, ...gateways], bodies.stream, opts.sizes) : null;
    const latOut = latencyLines(lat);
    const ttfbOut = tt
      ? ttfbLines(tt)
      : { summary: { delta: Number.NaN, met: true }, lines: ["  streaming TTFB: n/a (the operation does not stream)"] };
    const abOut = gatewayB ? abLines({ tp, lat, ttfb: tt, b: opts.worker }) : [];
    const other = meter.stop();
    for (const l of [...tpOut.lines, ...latOut.lines, ...ttfbOut.lines, ...cpuOut.lines, ...refOut, ...abOut])
      console.log(l);
    const perReq = (gw.output.stdoutLines - linesBefore) / (gateway.sent - sentBefore);
    console.log(`      gateway workerd stdout: ${perReq.toFixed(2)} log lines per request`);
    if (other != null)
      console.log(
        `      other processes used ${Math.round(other * 100)}% of the machine's CPU during the measurement (0% = quiet machine)`,
      );
    if (sc.note) console.log(`  ${sc.note(mock)}`);
    const failed = [tpOut, latOut, ttfbOut].some((o) => o.lines.some((l) => l.includes("requests failed")));
    if (failed && gw.output.stderrTail) console.log(`  gateway workerd stderr (tail):\n${gw.output.stderrTail}`);
    return { name, failed, tp: tpOut.summary, lat: latOut.summary, ttfb: ttfbOut.summary, cpu: cpuOut.summary };
  } finally {
    await stopGateway();
    await stopGatewayB();
  }
}

async function main() {
  for (const script of [GATEWAY_SCRIPT, ...(opts.worker ? [path.resolve(opts.worker)] : [])])
    if (!existsSync(script)) throw new Error(`${script} does not exist: build it first (npm run build)`);
  const m = machine();
  const mock = await startMockUpstream();
  onCleanup(() => mock.close());
  const pass = await startPassthrough(mock.url);
  onCleanup(pass.stop);
  const ref = await startReference(mock.url, { masterKey: MASTER_KEY, upstreamKey: UPSTREAM_KEY });
  onCleanup(ref.stop);
  const pinning = setUpPinning({ wanted: opts.pin, cores: m.cores });
  const passPinErr = pinning.active ? pinning.pinWorkerd(pass.pid) : null;
  if (pinning.active) pinning.pinWorkerd(ref.pid);

  console.log(`Switchyard benchmark${opts.quick ? " (--quick: short smoke run, numbers are rough)" : ""}`);
  console.log(`commit ${m.commit}${m.dirty ? " (with uncommitted changes)" : ""}`);
  console.log(
    `machine: ${m.cpu}, ${m.cores} cores; node ${m.node}; workerd ${pass.pid ? workerdVersion(pass.pid) : "unknown"}`,
  );
  console.log(pinning.note);
  console.log(
    `pass-through ${pass.url}, workerd pid ${pass.pid ?? "not found"}${passPinErr ? `, not pinned (${passPinErr})` : ""}`,
  );
  console.log(
    `reference worker ${ref.url}, workerd pid ${ref.pid ?? "not found"} (bench/reference-worker.mjs, measured with the core scenario)`,
  );
  console.log(
    `mock upstream ${mock.url}: OpenAI JSON with zero delay; SSE ${SSE_CHUNKS} chunks, ${SSE_GAP_MS} ms apart`,
  );
  console.log(
    `targets: direct = the mock itself; pass-through = bare forwarding worker on workerd; gateway = dist/worker.js${opts.worker ? `; gateway-B = ${opts.worker}` : ""} via scripts/gateway-runtime.mjs (fresh temp-dir D1/DO state each)`,
  );
  const s = opts.sizes;
  console.log(
    `phases (rounds interleave targets, order rotating): throughput ${s.throughput.rounds}x${s.throughput.perRound} req @ c=16; ` +
      `latency ${s.latency.rounds}x${s.latency.perRound} req @ c=1; TTFB ${s.ttfb.rounds}x${s.ttfb.perRound} streams @ c=1`,
  );

  const rows = [];
  for (const name of opts.scenarios)
    rows.push(await runScenario(name, { mock, pass, ref, direct: mock.url, pinning, cores: m.cores }));
  console.log("");
  for (const l of summaryTable(rows)) console.log(l);
  return rows.some((r) => r.failed);
}

let exitCode = 0;
try {
  if (await main()) {
    console.error("\nbench: some requests failed (see the ! lines); those numbers are not valid");
    exitCode = 1;
  }
} catch (e) {
  console.error(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  exitCode = 1;
} finally {
  closeAgents(allTargets);
  await cleanupAll();
}
// Exit when the event loop drains (Miniflare deletes its temp directories asynchronously after
// dispose; exiting at once would leave them behind), or after 10 s if something still holds it.
process.exitCode = exitCode;
setTimeout(() => process.exit(exitCode), 10_000).unref();
