// `npm start [-- --config FILE --port N]`: the gateway on workerd via Miniflare, state under .switchyard/state.
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
if (masterKey) console.log(masterKeyNotice(masterKey, gw.url));
// Cron Triggers (health checks, spend-log retention, spend reports) fire on the minute, as deployed.
const stopCrons = startCronTicker(gw.mf);
console.log(
  `switchyard listening on ${gw.url} (config ${path.relative(process.cwd(), configFile)}, state ${path.relative(process.cwd(), values.state)})`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  stopCrons();
  await gw.stop().catch(() => {});
  // Let Node exit on its own so Miniflare can remove its temp directory; force it only if something lingers.
  process.exitCode = 0;
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
