import embeddedConfig from "../config.yaml";
import { createHandler, pathOf, type RequestScope } from "./app.js";
import { Activity } from "./http/activity.js";
import { DRAIN_PATH, drain, startingResponse, stoppingResponse } from "./http/drain.js";
import { isStartedUp, startedUp } from "./state/cloudflare/readiness.js";
import { setupConfig } from "./gateway-setup.js";
import { RuntimeModelCache, runtimeModelSource } from "./admin/runtime-model-source.js";
import { LiveConfig } from "./live-config.js";
import { providerNamed } from "./providers/all.js";
import { buildRuntimeConfig, type RuntimeConfig } from "./runtime-config.js";
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
  /** Set by the local runtime (scripts/gateway-runtime.mjs): enables its graceful-stop route. */
  SWITCHYARD_CONTROL_TOKEN?: string;
  AI?: AiBinding;
  [name: string]: unknown;
};

interface Isolate {
  env: Env;
  /** config.yaml's deployments alone. */
  config: RuntimeConfig;
  /** config.yaml's plus the runtime ones (/model/new), where a model store is bound. */
  live?: LiveConfig;
  providerCache: Map<string, unknown>;
}

/** How often an isolate checks whether runtime models changed (one small read). */
const RUNTIME_MODELS_CHECK_MS = 2000;

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
  isolate = {
    env,
    config: runtime,
    live: liveConfigFor(env, runtime),
    providerCache: isolate?.providerCache ?? new Map(),
  };
  return isolate;
}

/** The runtime models' live view over the config, when the management store is bound. */
function liveConfigFor(env: Env, base: RuntimeConfig): LiveConfig | undefined {
  const admin = cloudflareState(env).admin;
  if (!admin) return undefined;
  const source = runtimeModelSource({ models: admin.models, secretKey: admin.modelSecretKey, log: consoleLogger });
  const models = new RuntimeModelCache(source, { intervalMs: RUNTIME_MODELS_CHECK_MS, now: () => Date.now() });
  return new LiveConfig(base, models, {
    log: consoleLogger,
    rebuild: (entries) =>
      buildRuntimeConfig(
        {
          ...base.raw,
          model_list: [
            ...base.raw.model_list,
            ...entries.filter((e) => providerNamed(e.litellm_params.model.split("/")[0]!)),
          ],
        },
        {
          env: (name) => (typeof env[name] === "string" ? (env[name] as string) : undefined),
          providerFor: (p) => providerNamed(p)!,
        },
      ),
  });
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
function depsFor(env: Env, ctx: ExecutionContext, config?: RuntimeConfig): Deps {
  const iso = isolateFor(env);
  return {
    config: config ?? iso.config,
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    id: randomId,
    defer: (p) => ctx.waitUntil(activity.track(p)),
    log: consoleLogger,
    state: cloudflareState(env),
    bindings: { ai: env.AI },
    providerCache: iso.providerCache,
    observer: observerFor(env, iso.config.raw),
  };
}

const handle = createHandler((_req, host) => {
  const { env, ctx } = host as WorkerHost;
  const live = isolateFor(env).live;
  if (!live) return scopeOf(env, ctx);
  const config = live.current((p) => ctx.waitUntil(activity.track(p)));
  return config instanceof Promise ? config.then((c) => scopeOf(env, ctx, c)) : scopeOf(env, ctx, config);
});

function scopeOf(env: Env, ctx: ExecutionContext, config?: RuntimeConfig): RequestScope {
  const deps = depsFor(env, ctx, config);
  const router = createDeploymentRouter({
    config: deps.config,
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
}

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

/** Liveness stays 200 while draining (the process is alive; readiness says it is stopping). */
const LIVENESS: ReadonlySet<string> = new Set(["/health/liveliness", "/health/liveness"]);
/** The probes answer for themselves while the isolate starts up. */
const PROBES: ReadonlySet<string> = new Set([...LIVENESS, "/health/readiness"]);
