import embeddedConfig from "switchyard-config";
import { createApp, type RequestScope } from "./app.js";
import { setupConfig } from "./config/gateway-setup.js";
import type { RuntimeConfig } from "./config/runtime.js";
import { consoleLogger, randomId, type Deps } from "./deps.js";
import { createSimpleRouter } from "./routing/router.js";
import type { AiBinding } from "./providers/provider.js";
import { cloudflareState, type CloudflareBindings } from "./state/cloudflare/bindings.js";

export * from "./state/cloudflare/durable-objects.js";

/** Worker bindings: state bindings, the optional Workers AI binding, and string vars/secrets. */
type Env = CloudflareBindings & {
  SWITCHYARD_CONFIG?: string;
  AI?: AiBinding;
  [name: string]: unknown;
};

interface Isolate {
  env: Env;
  config: RuntimeConfig;
  providerCache: Map<string, unknown>;
}

let isolate: Isolate | undefined;

/** Parse and validate the config once per isolate (per env object). */
function isolateFor(env: Env): Isolate {
  if (isolate?.env === env) return isolate;
  const text = typeof env.SWITCHYARD_CONFIG === "string" && env.SWITCHYARD_CONFIG ? env.SWITCHYARD_CONFIG : embeddedConfig;
  const { runtime, warnings } = setupConfig(text, (name) => (typeof env[name] === "string" ? (env[name] as string) : undefined));
  for (const w of warnings) consoleLogger.warn(w);
  isolate = { env, config: runtime, providerCache: isolate?.providerCache ?? new Map() };
  return isolate;
}

const app = createApp((_req, rawEnv, rawCtx): RequestScope => {
  const env = rawEnv as Env;
  const ctx = rawCtx as ExecutionContext;
  const iso = isolateFor(env);
  const deps: Deps = {
    config: iso.config,
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    id: randomId,
    defer: (p) => ctx.waitUntil(p),
    log: consoleLogger,
    state: cloudflareState(env, ctx),
    bindings: { ai: env.AI },
    providerCache: iso.providerCache,
  };
  const router = createSimpleRouter({ config: iso.config, random: Math.random, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  return { deps, router };
});

export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    return app.fetch(req, env, ctx);
  },
} satisfies ExportedHandler<Env>;
