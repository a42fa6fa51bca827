import embeddedConfig from "../config.yaml";
import { createHandler, type RequestScope } from "./app.js";
import { setupConfig } from "./gateway-setup.js";
import type { RuntimeConfig } from "./runtime-config.js";
import { randomId, type Deps } from "./deps.js";
import { consoleLogger } from "./logger.js";
import { createDeploymentRouter } from "./routing/route-engine.js";
import { OutcomeOutbox } from "./routing/outcome-outbox.js";
import { GroupMirrors } from "./routing/group-mirror.js";
import { MemoryRouterState } from "./routing/memory-router-state.js";
import type { AiBinding } from "./providers/provider.js";
import { cloudflareState, type CloudflareBindings } from "./state/cloudflare/bindings.js";
import { consumeBatch } from "./observability/queue/consume.js";
import { settingsOf } from "./observability/settings.js";
import { consumerDeps, observerFor } from "./state/cloudflare/observability.js";
import { archiveDeadLetters } from "./state/cloudflare/dead-letters.js";
import { runScheduled } from "./state/cloudflare/scheduled.js";
import { expireStoredResponses, RESPONSES_RETENTION_CRON } from "./responses/expire.js";
import { routerEventsFor } from "./pipeline/router-events.js";

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
let fallbackRouterState: MemoryRouterState | undefined;
/** Routing outcomes of this isolate's requests, batched on their way to the router-state Durable Objects. */
const routerOutbox = new OutcomeOutbox();
/** This isolate's copies of model groups' routing state (refreshed from the router-state Durable Objects). */
const groupMirrors = new GroupMirrors();

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

/** The per-invocation dependencies (fetch, clock, ids, waitUntil, state ports). */
function depsFor(env: Env, ctx: ExecutionContext): Deps {
  const iso = isolateFor(env);
  return {
    config: iso.config,
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    id: randomId,
    defer: (p) => ctx.waitUntil(p),
    log: consoleLogger,
    state: cloudflareState(env),
    bindings: { ai: env.AI },
    providerCache: iso.providerCache,
    observer: observerFor(env, iso.config.raw),
  };
}

const handle = createHandler((_req, host): RequestScope => {
  const { env, ctx } = host as WorkerHost;
  const iso = isolateFor(env);
  const deps = depsFor(env, ctx);
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
    events: routerEventsFor(deps),
  });
  return { deps, router };
});

export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    return handle(req, { env, ctx } satisfies WorkerHost);
  },
  /** The delivery queue (callbacks and alerts) and its dead-letter queue, in batches. */
  async queue(batch: MessageBatch, env: Env): Promise<void> {
    const raw = isolateFor(env).config.raw;
    if (batch.queue.endsWith("-dlq")) return archiveDeadLetters(batch, env.LOGS_BUCKET, consoleLogger);
    await consumeBatch(batch.messages, consumerDeps(env, raw));
  },
  /** Cron Triggers: background health checks, spend-log retention, spend reports; stored responses' retention. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    if (controller.cron === RESPONSES_RETENTION_CRON) {
      await expireStoredResponses({
        store: cloudflareState(env).responses,
        now: controller.scheduledTime,
        log: consoleLogger,
      });
      return;
    }
    const raw = isolateFor(env).config.raw;
    const defer = (p: Promise<unknown>) => ctx.waitUntil(p);
    await runScheduled({
      cron: controller.cron,
      scheduledTime: controller.scheduledTime,
      env,
      deps: depsFor(env, ctx),
      observer: observerFor(env, raw),
      settings: settingsOf(raw),
      defer,
    });
  },
} satisfies ExportedHandler<Env>;
