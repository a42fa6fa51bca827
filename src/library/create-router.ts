import { processEnv, runtimeConfigFrom } from "../gateway-setup.js";
import type { RuntimeConfig } from "../runtime-config.js";
import type { LitellmSettings, RouterSettings } from "../config/schema.js";
import { MemoryRouterState } from "../routing/memory-router-state.js";
import type { RouterStatePort } from "../routing/router-types.js";
import type { DeploymentLiveState } from "../routing/router-types.js";
import { groupPolicy } from "../routing/group-policy.js";
import { resolveModel } from "../routing/resolve-model.js";
import { createDeploymentRouter } from "../routing/route-engine.js";
import type { OperationName } from "../providers/provider.js";
import { planRoute } from "../routing/route-plan.js";
import type { AttemptFn, RouteOutcome, RouteRequest, RouterDeps } from "../routing/router.js";

export interface CreateRouterOptions {
  /** LiteLLM-style deployments: [{ model_name, litellm_params: { model, api_key, rpm, ... }, model_info }] */
  model_list: unknown[];
  router_settings?: RouterSettings;
  litellm_settings?: LitellmSettings;
  /** For `os.environ/NAME` values (default: process.env where available). */
  env?: Record<string, string | undefined>;
  /** Routing state (default: in memory, private to this router). */
  state?: RouterStatePort;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  defer?: (work: Promise<unknown>) => void;
  log?: RouterDeps["log"];
}

/** A request as the library router takes it: the model by name (the router plans its route). */
export interface LibraryRouteRequest extends Omit<RouteRequest, "plan"> {
  model: string;
  /** The operation the attempt performs (default chat): deployments that cannot do it are skipped. */
  operation?: OperationName;
}

export interface LibraryRouter {
  readonly config: RuntimeConfig;
  route<T>(req: LibraryRouteRequest, attempt: AttemptFn<T>): Promise<T>;
  settle(req: LibraryRouteRequest, outcome: RouteOutcome): void;
  /** Live routing state of a model group's deployments (cooldowns, in-flight, rpm/tpm used, latency). */
  inspect(model: string): Promise<DeploymentLiveState[]>;
}

/**
 * The router as a library object with in-memory state:
 * `createRouter({ model_list, router_settings })`, then `router.route(req, attempt)` calls
 * `attempt(deployment, timeouts)` with retries, cooldowns and fallbacks applied, and
 * `router.settle(req, outcome)` reports how the request ended.
 */
export function createRouter(opts: CreateRouterOptions): LibraryRouter {
  const env = opts.env ?? processEnv();
  const raw = {
    model_list: opts.model_list,
    router_settings: opts.router_settings ?? {},
    litellm_settings: opts.litellm_settings ?? {},
  };
  const { runtime: config, warnings } = runtimeConfigFrom(raw, (n) => env[n]);
  for (const w of warnings) opts.log?.warn(w);
  const now = opts.now ?? (() => Date.now());
  const random = opts.random ?? Math.random;
  const state = opts.state ?? new MemoryRouterState({ now, random });
  const router = createDeploymentRouter({
    config,
    state,
    now,
    random,
    sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    defer: opts.defer ?? ((p) => void p),
    log: opts.log,
  });
  const planned = new WeakMap<LibraryRouteRequest, RouteRequest>();
  return {
    config,
    route(req, attempt) {
      const { model, operation, ...rest } = req;
      const route: RouteRequest = {
        ...rest,
        plan: planRoute(config, { model, operation: operation ?? "chat", overrides: req.overrides }),
      };
      planned.set(req, route);
      return router.route(route, attempt);
    },
    settle(req, outcome) {
      const route = planned.get(req);
      if (route) router.settle?.(route, outcome);
    },
    async inspect(model) {
      const resolved = resolveModel(config, model);
      if (!resolved) return [];
      return state.inspect(
        resolved.group,
        resolved.deployments.map((d) => d.id),
        groupPolicy(config, { name: resolved.group, deployments: resolved.deployments }).latencyTtlMs,
      );
    },
  };
}
