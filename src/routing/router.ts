import type { Deployment } from "../providers/deployment.js";
import type { RuntimeConfig } from "../runtime-config.js";
import { BadRequestError, type GatewayError } from "../errors/gateway-error.js";
import type { CallTimeouts } from "../upstream/call-provider.js";
import type { CooledDown, RouterStatePort } from "./router-types.js";
import type { FailureFacts } from "./cooldown.js";
import type { OutcomeOutbox } from "./outcome-outbox.js";
import type { RoutePlan } from "./route-plan.js";
import type { GroupMirrors } from "./group-mirror.js";

export interface RouteOverrides {
  numRetries?: number;
  timeoutMs?: number;
  streamTimeoutMs?: number;
  fallbacks?: string[];
  disableFallbacks?: boolean;
}

/** What happened while routing; filled in as attempts are made (read it on success and on failure). */
export interface RouteTrace {
  group?: string;
  deployment?: Deployment;
  attemptedRetries: number;
  attemptedFallbacks: number;
  /** Time spent waiting on upstream attempts (to the first chunk, for streams), ms. */
  upstreamMs?: number;
}

export interface RouteRequest {
  /** The groups this request may reach (src/routing/route-plan.ts). */
  plan: RoutePlan;
  stream: boolean;
  overrides: RouteOverrides;
  trace: RouteTrace;
}

export type AttemptFn<T> = (d: Deployment, timeouts: CallTimeouts) => Promise<T>;

/** How a routed request finally ended (after the stream, for streams). */
export interface RouteOutcome {
  status: number;
  error?: unknown;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  ttftMs?: number;
}

export interface Router {
  route<T>(req: RouteRequest, attempt: AttemptFn<T>): Promise<T>;
  /** Called once per request when it has fully ended (deferred work only; must not throw). */
  settle?(req: RouteRequest, outcome: RouteOutcome): void;
}

/** What the router tells observers about deployments (metrics, alerts); each call must be cheap and must not throw. */
export interface RouterEvents {
  /** An attempt failed in a way that says the deployment is unwell (429, 401, 404, 408, 5xx, timeouts, connection errors). */
  deploymentFailed(group: string, deployment: Deployment, failure: FailureFacts): void;
  /** Outcomes cooled a deployment down (or extended its cooldown): once, where the cooldown was decided. */
  deploymentCooledDown(group: string, deployment: Deployment | undefined, cooled: CooledDown): void;
}

/** What the router reaches: config, the routing state store, time, randomness, deferred work. */
export interface RouterDeps {
  config: RuntimeConfig;
  state: RouterStatePort;
  now: () => number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Run work after the response (ctx.waitUntil on Workers). */
  defer: (work: Promise<unknown>) => void;
  log?: { warn(msg: string, fields?: Record<string, unknown>): void };
  /** Batches outcome reports across requests (one per isolate); without it each request reports on its own. */
  outbox?: OutcomeOutbox;
  outboxDelayMs?: number;
  /** The isolate's copies of mirrorable groups' state (one per isolate); without it every choice asks the store. */
  mirrors?: GroupMirrors;
  /** Deployment failures and cooldowns, for metrics and alerts. */
  events?: RouterEvents;
}

const secs = (s: number | undefined) => (s === undefined ? undefined : s * 1000);

export function modelNotFound(model: string): GatewayError {
  return new BadRequestError(
    `model "${model}" is not configured on this gateway; call GET /v1/models for the available models`,
    {
      param: "model",
      code: "model_not_found",
    },
  );
}

/** Timeouts for a deployment: request > deployment > router_settings > litellm_settings. */
export function timeoutsFor(cfg: RuntimeConfig, d: Deployment, o: RouteOverrides): CallTimeouts {
  const rs = cfg.raw.router_settings;
  return {
    timeoutMs:
      o.timeoutMs ??
      secs(d.params.timeout) ??
      secs(rs.timeout) ??
      secs(cfg.raw.litellm_settings.request_timeout) ??
      600_000,
    streamTimeoutMs: o.streamTimeoutMs ?? secs(d.params.stream_timeout) ?? secs(rs.stream_timeout),
  };
}
