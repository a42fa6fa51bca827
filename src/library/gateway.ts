import { createHandler } from "../app.js";
import type { RuntimeConfig } from "../runtime-config.js";
import { processEnv, runtimeConfigFrom } from "../gateway-setup.js";
import { randomId, type Deps } from "../deps.js";
import { consoleLogger, type Logger } from "../logger.js";
import type { AiBinding } from "../providers/provider.js";
import type { Router } from "../routing/router.js";
import { createDeploymentRouter } from "../routing/route-engine.js";
import { MemoryRouterState } from "../routing/memory-router-state.js";
import { MemorySpendSink } from "../state/memory/spend-sink.js";
import { cacheTotalsOf } from "../cache/cache-stats.js";
import type { StatePorts } from "../deps.js";
import { MemoryResponseStore } from "../state/memory/response-store.js";

export interface GatewayOptions {
  /** A LiteLLM-style config object (model_list, router_settings, ...), as parsed from YAML. */
  config: unknown;
  /** Environment for `os.environ/NAME` (default: process.env where available). */
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  now?: () => number;
  log?: Logger;
  state?: Partial<StatePorts>;
  ai?: AiBinding;
}

/** Runtime config + deps for library use, shared by createGateway() and completion(). */
export function libraryDeps(opts: GatewayOptions): { deps: Deps; config: RuntimeConfig; pending: Promise<unknown>[] } {
  const env = opts.env ?? processEnv();
  const { runtime, warnings } = runtimeConfigFrom(opts.config, (n) => env[n]);
  const log = opts.log ?? consoleLogger;
  for (const w of warnings) log.warn(w);
  const pending: Promise<unknown>[] = [];
  const now = opts.now ?? (() => Date.now());
  const spend = new MemorySpendSink();
  const deps: Deps = {
    config: runtime,
    fetch: opts.fetch ?? ((i, init) => fetch(i, init)),
    now,
    id: randomId,
    defer: (p) => {
      pending.push(p);
    },
    log,
    state: {
      spend,
      responses: new MemoryResponseStore({ now }),
      // Cache figures from the in-memory spend records (a caller's own spend sink brings none).
      ...(opts.state?.spend ? {} : { cacheStats: { totals: async (f) => cacheTotalsOf(spend.records, f) } }),
      ...opts.state,
    },
    bindings: { ai: opts.ai },
    providerCache: new Map(),
    watchClientSignal: true,
  };
  return { deps, config: runtime, pending };
}

export function libraryRouter(deps: Deps): Router {
  deps.state.router ??= new MemoryRouterState({ now: deps.now, random: Math.random });
  const state = deps.state.router;
  return createDeploymentRouter({
    config: deps.config,
    state,
    now: deps.now,
    random: Math.random,
    defer: deps.defer,
    log: deps.log,
    sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)),
  });
}

/**
 * The whole gateway as a `fetch` handler with in-memory state: mount it in any runtime
 * (Node's http via a Request/Response adapter, Bun, Deno, ...).
 */
export function createGateway(opts: GatewayOptions): { fetch: (req: Request) => Promise<Response>; deps: Deps } {
  const { deps } = libraryDeps(opts);
  const router = libraryRouter(deps);
  const handle = createHandler(() => ({ deps, router }));
  return { fetch: async (req) => handle(req), deps };
}
