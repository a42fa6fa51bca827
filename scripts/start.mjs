// `npm start [-- --config FILE --port N]`: the gateway on workerd via Miniflare, state under .switchyard/state.
// Ready (and announced) once every binding is usable. SIGTERM or SIGINT stops it gracefully: no new requests
// (503 shutting_down), those in progress finish, every spend record and ledger report is handed over, then it
// exits. A second signal stops it at once.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT, bundleWorker } from "./bundle.mjs";
import { checkConfigFile } from "./check-config.mjs";
import { readDevVars, workerVars } from "./env-file.mjs";
import { startGateway } from "./gateway-runtime.mjs";
import { localMasterKey, masterKeyNotice } from "./local-master-key.mjs";
import { startCronTicker } from "./cron-ticker.mjs";
import { buildUi } from "./build-ui.mjs";

const { values } = parseArgs({
  options: {
    config: { type: "string", default: path.join(ROOT, "config.yaml") },
    port: { type: "string", default: process.env.PORT ?? "8787" },
    host: { type: "string", default: "127.0.0.1" },
    state: { type: "string", default: path.join(ROOT, ".switchyard/state") },
    "drain-timeout": { type: "string", default: "25" },
  },
});
const configFile = path.resolve(values.config);
const env = { ...readDevVars(path.join(ROOT, ".dev.vars")), ...process.env };
mkdirSync(values.state, { recursive: true });
const configText = readFileSync(configFile, "utf8");
const masterKey = localMasterKey({ configText, env, stateDir: values.state });
if (masterKey) env[masterKey.name] = masterKey.value;

const { problems, warnings } = await checkConfigFile(configFile, env);
for (const w of warnings) console.warn(`warning: ${w}`);
if (problems.length) {
  console.error(`${path.relative(process.cwd(), configFile)} is invalid:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}

const vars = workerVars(configText, [readDevVars(path.join(ROOT, ".dev.vars")), process.env]);
if (masterKey) vars[masterKey.name] = masterKey.value;
await buildUi(); // the dashboard's files ([assets] in wrangler.toml)
const scriptPath = await bundleWorker({ configFile, outfile: path.join(ROOT, ".switchyard/build/worker.js") });
const gw = await startGateway({
  scriptPath,
  port: Number(values.port),
  host: values.host,
  persistDir: values.state,
  vars,
});
await gw.waitReady();
if (masterKey) console.log(masterKeyNotice(masterKey, gw.url));
// Cron Triggers (health checks, spend-log retention, spend reports) fire on the minute, as deployed.
const stopCrons = startCronTicker(gw.mf);
console.log(
  `switchyard listening on ${gw.url} (config ${path.relative(process.cwd(), configFile)}, state ${path.relative(process.cwd(), values.state)})`,
);

let stopping = false;
const stop = async (signal) => {
  if (stopping) {
    console.log(`${signal} again: stopping now`);
    await gw.stop().catch(() => {});
    process.exit(1);
  }
  stopping = true;
  stopCrons();
  console.log(`${signal}: draining (no new requests; finishing those in progress)`);
  let clean = false;
  try {
    const r = await gw.drain(Number(values["drain-timeout"]) * 1000);
    clean = r.drained;
    if (!clean)
      console.error(
        `drain timed out with ${r.requests} requests, ${r.streams} streams and ${r.deferred} deferred tasks in progress`,
      );
  } catch (e) {
    console.error(`drain failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  await gw.stop().catch(() => {});
  console.log(clean ? "stopped: everything in progress was finished and handed over" : "stopped");
  // Let Node exit on its own so Miniflare can remove its temp directory; force it only if something lingers.
  process.exitCode = clean ? 0 : 1;
  setTimeout(() => process.exit(process.exitCode), 10_000).unref();
};
// Miniflare's own signal handlers exit at once (killing workerd with requests in flight): ours replace them.
for (const signal of ["SIGINT", "SIGTERM"]) {
  for (const l of process.listeners(signal)) process.removeListener(signal, l);
  process.on(signal, () => void stop(signal));
}
