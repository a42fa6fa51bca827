import embeddedConfig from "../config.yaml";
import { createHandler, pathOf, type RequestScope } from "./app.js";
import { Activity } from "./http/activity.js";
import { DRAIN_PATH, drain, startingResponse, stoppingResponse } from "./http/drain.js";
import { isStartedUp, startedUp } from "./state/cloudflare/readiness.js";
import { setupConfig } from "./config/gateway-setup.js";
import type { RuntimeConfig } from "./config/runtime.js";
import { consoleLogger, randomId, type Deps } from "./deps.js";
import { createDeploymentRouter } from "./routing/route-engine.js";
import { OutcomeOutbox } from "./routing/outcome-outbox.js";
import { GroupMirrors } from "./routing/group-mirror.js";
import { MemoryRouterState } from "./state/memory/router-state.js";
import type { AiBinding } from "./providers/provider.js";
import { cloudflareState, type CloudflareBindings } from "./state/cloudflare/bindings.js";

export * from "./state/cloudflare/durable-objects.js";

/** Worker bindings: state bindings, the optional Workers AI binding, and string vars/secrets. */
type Env = CloudflareBindings & {
  SWITCHYARD_CONFIG?: string;
  /** Set by the local runtime (scripts/gateway-runtime.mjs): enables its graceful-stop route. */
  SWITCHYARD_CONTROL_TOKEN?: string;
  AI?: AiBinding;
  [name: string]: unknown;
};

interface Isolate {
  env: Env;
  config: RuntimeConfig;
  providerCache: Map<string, unknown>;
}

let isolate: Isolate | undefined;
let fallbackRouterState: MemoryRouterState | undefined;
/** Routing outcomes of this isolate's requests, batched on their way to the router-state Durable Objects. */
const routerOutbox = new OutcomeOutbox();
/** This isolate's copies of model groups' routing state (refreshed from the router-state Durable Objects). */
const groupMirrors = new GroupMirrors();
/** Requests, streams and deferred work in progress in this isolate (a graceful stop drains them). */
const activity = new Activity();

/** Parse and validate the config once per isolate (per env object). */
function isolateFor(env: Env): Isolate {
  if (isolate?.env === env) return isolate;
  const text =
    typeof env.SWITCHYARD_CONFIG === "string" && env.SWITCHYARD_CONFIG ? env.SWITCHYARD_CONFIG : embeddedConfig;
  const { runtime, warnings } = setupConfig(text, (name) =>
    typeof env[name] === "string" ? (env[name] as string) : undefined,
  );
  for (const w of warnings) consoleLogger.warn(w);
  isolate = { env, config: runtime, providerCache: isolate?.providerCache ?? new Map() };
  return isolate;
}

function isolateRouterState(): MemoryRouterState {
  fallbackRouterState ??= new MemoryRouterState();
  return fallbackRouterState;
}

/** What the fetch handler hands to the app for each request. */
interface WorkerHost {
  env: Env;
  ctx: ExecutionContext;
}

const handle = createHandler((_req, host): RequestScope => {
  const { env, ctx } = host as WorkerHost;
  const iso = isolateFor(env);
  const deps: Deps = {
    config: iso.config,
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    id: randomId,
    defer: (p) => ctx.waitUntil(activity.track(p)),
    log: consoleLogger,
    state: cloudflareState(env),
    bindings: { ai: env.AI },
    providerCache: iso.providerCache,
  };
  const router = createDeploymentRouter({
    config: iso.config,
    // Without the ROUTER_STATE binding, routing state is per isolate.
    state: deps.state.router ?? isolateRouterState(),
    now: deps.now,
    random: Math.random,
    sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)),
    defer: deps.defer,
    log: deps.log,
    outbox: routerOutbox,
    mirrors: groupMirrors,
  });
  return { deps, router };
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    if (env.SWITCHYARD_CONTROL_TOKEN && pathOf(req.url) === DRAIN_PATH) {
      const state = cloudflareState(env);
      return drain(req, { activity, state, token: env.SWITCHYARD_CONTROL_TOKEN, sleep, now: () => Date.now() });
    }
    if (activity.draining && !LIVENESS.has(pathOf(req.url))) return stoppingResponse(consoleLogger);
    // A fresh local state folder: until D1 is migrated, 503 `starting` rather than a 500 on a missing table.
    if (!isStartedUp() && !PROBES.has(pathOf(req.url)))
      return activity.around(async () =>
        (await startedUp(env)) ? handle(req, { env, ctx } satisfies WorkerHost) : startingResponse(consoleLogger),
      );
    return activity.around(() => handle(req, { env, ctx } satisfies WorkerHost));
  },
} satisfies ExportedHandler<Env>;

/** Liveness stays 200 while draining (the process is alive; readiness says it is stopping). */
const LIVENESS: ReadonlySet<string> = new Set(["/health/liveliness", "/health/liveness"]);
/** The probes answer for themselves while the isolate starts up. */
const PROBES: ReadonlySet<string> = new Set([...LIVENESS, "/health/readiness"]);
