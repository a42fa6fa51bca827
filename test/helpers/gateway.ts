import path from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error: plain ESM script shared with `npm start` and the benchmark
import { startGateway as startRuntime } from "../../scripts/gateway-runtime.mjs";
import type { Miniflare } from "miniflare";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WORKER = path.join(ROOT, "dist/worker.js");
export const MASTER_KEY = "sk-test-master-0123456789";

export interface TestGateway {
  url: string;
  mf: Miniflare;
  stop(): Promise<void>;
  /** Everything workerd printed (worker logs) so far. */
  output(): string;
  /** fetch against the gateway with the master key unless other headers are given */
  call(
    pathname: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
}

/**
 * The built worker (dist/worker.js, `npm run build`) on workerd via Miniflare with real D1/KV/DO
 * bindings from wrangler.toml, in-memory state, migrations applied, serving `config`.
 */
export async function startGateway(opts: {
  config: string;
  vars?: Record<string, string>;
  /** false: D1 is left unmigrated (the start-up gate's tests); default true. */
  migrate?: boolean;
}): Promise<TestGateway> {
  let out = "";
  const gw = await startRuntime({
    scriptPath: WORKER,
    configText: opts.config,
    vars: opts.vars ?? {},
    migrate: opts.migrate ?? true,
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

/** A config with the master key and the given model_list YAML (indented list items). */
export function configWith(modelList: string, extra = ""): string {
  return `model_list:\n${modelList}\ngeneral_settings:\n  master_key: ${MASTER_KEY}\n${extra}`;
}
