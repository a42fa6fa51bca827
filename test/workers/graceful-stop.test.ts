import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { replyJson, usage } from "../helpers/keys.js";
import { killGroup, startProcess, waitFor, type StartedProcess } from "../helpers/npm-start.js";

// `npm start` stopped with SIGTERM in the middle of load, then started again on the same state folder:
// every request that was answered has its spend record, and the key's ledger agrees with the spend logs
// to the micro-dollar. Requests that arrive while it drains get 503 shutting_down (and no record).
const MASTER = "sk-graceful-master";
let up: MockUpstream;
let dir: string;
const runs: StartedProcess[] = [];

beforeAll(async () => {
  // Each answer takes a little while, so that requests are in flight when the signal comes.
  up = await startMockUpstream((req, res) => {
    const { max_tokens = 10 } = req.json() as { max_tokens?: number };
    setTimeout(() => replyJson(res, usage(5, max_tokens)), 40);
  });
  dir = mkdtempSync(path.join(tmpdir(), "switchyard-graceful-"));
});
afterAll(async () => {
  for (const r of runs) killGroup(r);
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startOn(port: number, cfg: string, state: string): Promise<StartedProcess> {
  const run = startProcess(["--config", cfg, "--port", String(port), "--state", state]);
  runs.push(run);
  await waitFor(() => run.output().includes("listening on") || run.child.exitCode !== null, "listening");
  expect(run.output()).toContain("listening on");
  return run;
}

const call = (port: number, pathname: string, body?: unknown, key = MASTER) =>
  fetch(`http://127.0.0.1:${port}${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("graceful stop of npm start", () => {
  it("SIGTERM during load loses no spend record, and the ledger's spend equals the spend-log sum", async () => {
    const cfg = path.join(dir, "config.yaml");
    writeFileSync(
      cfg,
      `model_list:
  - model_name: priced
    litellm_params: { model: openai/m, api_key: sk-up, api_base: ${up.url}/v1, input_cost_per_token: 0, output_cost_per_token: 0.000001 }
general_settings: { master_key: ${MASTER} }
`,
    );
    const state = path.join(dir, "state");
    const port = 20000 + Math.floor(Math.random() * 20000);
    const first = await startOn(port, cfg, state);
    const key = (await (await call(port, "/key/generate", { max_budget: 100 })).json()) as { key: string };

    const answered: string[] = [];
    const refused: number[] = [];
    let signalled = false;
    const worker = async (w: number) => {
      for (let i = 0; ; i++) {
        let res: Response;
        try {
          res = await call(
            port,
            "/v1/chat/completions",
            {
              model: "priced",
              messages: [{ role: "user", content: `w${w} #${i}` }],
              max_tokens: 10 + (i % 7),
            },
            key.key,
          );
        } catch {
          return; // the server is gone
        }
        if (res.status === 200) answered.push(res.headers.get("x-request-id")!);
        else refused.push(res.status);
        await res.arrayBuffer();
        if (answered.length >= 60 && !signalled) {
          signalled = true;
          first.child.kill("SIGTERM");
        }
        if (signalled && res.status === 503) return;
      }
    };
    await Promise.all(Array.from({ length: 12 }, (_, w) => worker(w)));
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("everything in progress was finished and handed over");
    expect(new Set(refused)).toEqual(new Set(refused.length ? [503] : []));

    await startOn(port, cfg, state);
    type Log = { request_id: string; spend: number; cost_micros: number };
    const logs = await waitForValue(async () => {
      const l = (await (await call(port, `/spend/logs?api_key=${key.key}`)).json()) as Log[];
      return l.length >= answered.length ? l : undefined;
    });
    const logged = new Set(logs.map((l) => l.request_id));
    expect(answered.filter((id) => !logged.has(id))).toEqual([]);
    const info = (await (await call(port, `/key/info?key=${key.key}`)).json()) as { info: { spend: number } };
    const ledgerMicros = Math.round(info.info.spend * 1e6);
    expect(ledgerMicros).toBe(logs.reduce((s, l) => s + l.cost_micros, 0));
    expect(ledgerMicros).toBeGreaterThan(0);
  }, 300_000);
});

async function waitForValue<T>(probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("timed out waiting for the spend logs");
    await new Promise((r) => setTimeout(r, 200));
  }
}
