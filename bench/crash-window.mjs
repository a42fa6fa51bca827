// `npm run build && node bench/crash-window.mjs [--seconds 4] [--concurrency 16] [--runs 3]`
// How many spend records a crash loses: the gateway (persisted state) under load with a virtual key, workerd
// killed with SIGKILL mid-load, restarted on the same state; answered requests without a spend record are
// counted, and set against the request rate (the crash window in milliseconds of traffic). Also prints the
// key's ledger (spent, and still held for requests whose settlement died with the isolate) against the
// spend-log sum: spent + held is never less.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startGateway } from "../scripts/gateway-runtime.mjs";
import { startMockUpstream } from "./mock-upstream.mjs";
import { childPids } from "./processes.mjs";
import { GATEWAY_SCRIPT } from "./runtimes.mjs";
import { MASTER_KEY, MODEL } from "./scenarios.mjs";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "4" },
    concurrency: { type: "string", default: "16" },
    runs: { type: "string", default: "3" },
  },
});
const config = (upstream) => `model_list:
  - model_name: ${MODEL}
    litellm_params: { model: openai/${MODEL}, api_key: sk-up, api_base: ${upstream}/v1, input_cost_per_token: 0.000001, output_cost_per_token: 0.000001 }
general_settings:
  master_key: ${MASTER_KEY}
`;
const body = JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "hi" }], max_tokens: 16 });

async function call(url, pathname, init = {}) {
  const res = await fetch(`${url}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${init.key ?? MASTER_KEY}`, "content-type": "application/json" },
  });
  return res;
}

async function oneRun(mock, run) {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-crash-"));
  try {
    const before = new Set(childPids(process.pid, "workerd"));
    const gw = await startGateway({ scriptPath: GATEWAY_SCRIPT, persistDir: dir, configText: config(mock.url) });
    await gw.waitReady();
    const pid = childPids(process.pid, "workerd").find((p) => !before.has(p));
    const { key, token_id: tokenId } = await (
      await call(gw.url, "/key/generate", { method: "POST", body: '{"max_budget":1000}' })
    ).json();
    const answered = [];
    let killed = false;
    const start = Date.now();
    const stopAt = start + Number(values.seconds) * 1000;
    const worker = async () => {
      while (!killed) {
        try {
          const res = await call(gw.url, "/v1/chat/completions", { method: "POST", body, key });
          await res.arrayBuffer();
          if (res.status === 200) answered.push(res.headers.get("x-request-id"));
        } catch {
          return;
        }
        if (!killed && Date.now() >= stopAt) {
          killed = true;
          process.kill(pid, "SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
    const elapsed = (Date.now() - start) / 1000;
    await gw.stop().catch(() => {});
    const again = await startGateway({ scriptPath: GATEWAY_SCRIPT, persistDir: dir, configText: config(mock.url) });
    try {
      await again.waitReady();
      await new Promise((r) => setTimeout(r, 3000)); // the outbox flushes what it holds
      const logs = await (await call(again.url, `/spend/logs?api_key=${key}&limit=10000`)).json();
      const logged = new Set(logs.map((l) => l.request_id));
      const lost = answered.filter((id) => !logged.has(id)).length;
      const rate = answered.length / elapsed;
      const ns = await again.mf.getDurableObjectNamespace("ACCOUNTS");
      const usage = await ns.get(ns.idFromName(`key:${tokenId}`)).usage();
      const logSum = logs.reduce((s, l) => s + l.cost_micros, 0);
      console.log(
        `run ${run}: ${answered.length} answered in ${elapsed.toFixed(1)} s (${rate.toFixed(0)}/s); ` +
          `${lost} without a spend record after the crash = ${((lost / rate) * 1000).toFixed(0)} ms of traffic; ` +
          `ledger: ${usage.spendMicros} µ$ spent + ${usage.reservedMicros} µ$ still held (charged at expiry) ` +
          `vs spend logs ${logSum} µ$`,
      );
    } finally {
      await again.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mock = await startMockUpstream();
try {
  for (let i = 1; i <= Number(values.runs); i++) await oneRun(mock, i);
} finally {
  await mock.close();
}
