import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error: plain ESM script shared with `npm start` and the benchmark
import { bundleWorker } from "../../scripts/bundle.mjs";
// @ts-expect-error: plain ESM script shared with `npm start` and the benchmark
import { startGateway as startRuntime } from "../../scripts/gateway-runtime.mjs";
import type { SpendRecord } from "../../src/state/spend-record.js";
import type { RequestLogInput } from "../../src/observability/request-log.js";
import { MASTER_KEY, type TestGateway } from "./gateway.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let harness: Promise<string> | undefined;

/** The test harness worker (test/harness/observability-worker.ts), bundled once per test file. */
function harnessScript(): Promise<string> {
  harness ??= bundleWorker({
    entry: path.join(ROOT, "test/harness/observability-worker.ts"),
    outfile: path.join(mkdtempSync(path.join(tmpdir(), "switchyard-harness-")), "worker.js"),
  }) as Promise<string>;
  return harness;
}

/**
 * The production worker plus the harness's `/__harness/finish` path, on workerd via Miniflare
 * with every binding from wrangler.toml (Durable Objects, D1, Queue, R2, KV).
 */
export async function startObservedGateway(opts: {
  config: string;
  vars?: Record<string, string>;
}): Promise<TestGateway> {
  let out = "";
  const gw = await startRuntime({
    scriptPath: await harnessScript(),
    configText: opts.config,
    vars: opts.vars ?? {},
    onOutput: (t: string) => {
      out += t;
    },
  });
  return {
    url: gw.url,
    mf: gw.mf,
    stop: () => gw.stop(),
    output: () => out,
    call(pathname, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${MASTER_KEY}`, ...(init.headers ?? {}) };
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
        headers["content-type"] ??= "application/json";
      }
      return fetch(`${gw.url}${pathname}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
    },
  };
}

export type FinishInput = Omit<RequestLogInput, "redactMessages" | "headers" | "record" | "operation" | "error"> & {
  record: Partial<SpendRecord>;
  operation?: string;
  tagHeader?: string;
  /** A GatewayError class by name (ServiceUnavailableError, RateLimitError, ...) and its message. */
  error?: { kind: string; message: string };
};

let seq = 0;

/** A spend record with defaults: a successful 100 ms chat request on deployment "d1" of group "gpt". */
export function spendRecord(over: Partial<SpendRecord> = {}): SpendRecord {
  seq++;
  return {
    request_id: `req-${Date.now()}-${seq}`,
    created_at: Date.now(),
    key_hash: null,
    key_alias: null,
    team_id: null,
    user_id: null,
    end_user: null,
    model_group: "gpt",
    requested_model: "gpt",
    deployment_id: "d1",
    provider: "openai",
    model: "gpt-4o",
    prompt_tokens: 10,
    completion_tokens: 5,
    cached_tokens: 0,
    reasoning_tokens: 0,
    cost_micros: 150,
    status: 200,
    error_type: null,
    latency_ms: 100,
    ttft_ms: null,
    stream: false,
    attempted_retries: 0,
    attempted_fallbacks: 0,
    tags: [],
    metadata: {},
    operation: "chat",
    ...over,
  };
}

/** Hand finished requests to the observability entry point inside workerd (as the spine's finish will). */
export async function finishRequests(gw: TestGateway, inputs: FinishInput[]): Promise<void> {
  const body = inputs.map((i) => ({
    ...i,
    operation: i.operation ?? "chat_completion",
    record: spendRecord(i.record),
  }));
  const res = await fetch(`${gw.url}/__harness/finish`, { method: "POST", body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`harness finish → ${res.status}: ${await res.text()}`);
}

/** Fire a Cron Trigger (as Cloudflare would at `time`). */
export async function fireCron(gw: TestGateway, cron: string, time = Date.now()): Promise<void> {
  const res = await gw.mf.dispatchFetch(
    `http://localhost/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}&time=${time}`,
  );
  const text = await res.text();
  if (res.status !== 200) throw new Error(`scheduled ${cron} → ${res.status}: ${text}`);
}
