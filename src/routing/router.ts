import type { Deployment } from "../config/deployment.js";
import type { RuntimeConfig } from "../config/runtime.js";
import { BadRequestError, GatewayError } from "../errors/gateway-error.js";
import type { CallTimeouts } from "../upstream/call-provider.js";
import { ClientClosedError } from "../upstream/abort.js";
import { resolveModel } from "./resolve-model.js";

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
}

export interface RouteRequest {
  model: string;
  stream: boolean;
  overrides: RouteOverrides;
  trace: RouteTrace;
}

export type AttemptFn<T> = (d: Deployment, timeouts: CallTimeouts) => Promise<T>;

export interface Router {
  route<T>(req: RouteRequest, attempt: AttemptFn<T>): Promise<T>;
}

export interface RouterDeps {
  config: RuntimeConfig;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

const secs = (s: number | undefined) => (s === undefined ? undefined : s * 1000);

export function modelNotFound(model: string): GatewayError {
  return new BadRequestError(`model "${model}" is not configured on this gateway; call GET /v1/models for the available models`, {
    param: "model",
    code: "model_not_found",
  });
}

/** Timeouts for a deployment: request > deployment > router_settings > litellm_settings. */
export function timeoutsFor(cfg: RuntimeConfig, d: Deployment, o: RouteOverrides): CallTimeouts {
  const rs = cfg.raw.router_settings;
  return {
    timeoutMs: o.timeoutMs ?? secs(d.params.timeout) ?? secs(rs.timeout) ?? secs(cfg.raw.litellm_settings.request_timeout) ?? 600_000,
    streamTimeoutMs: o.streamTimeoutMs ?? secs(d.params.stream_timeout) ?? secs(rs.stream_timeout),
  };
}

export function isRetryable(e: unknown): boolean {
  if (e instanceof ClientClosedError) return false;
  return e instanceof GatewayError ? e.retryable : true;
}

/** A basic router: ordered, weighted choice, retries on other deployments, then configured fallbacks. */
export function createSimpleRouter(deps: RouterDeps): Router {
  const { config } = deps;
  const rs = config.raw.router_settings;
  return {
    async route<T>(req: RouteRequest, attempt: AttemptFn<T>): Promise<T> {
      const groups = [req.model];
      if (!req.overrides.disableFallbacks) {
        const fb = req.overrides.fallbacks ?? findFallbacks(config, req.model);
        groups.push(...fb);
      }
      let lastError: unknown;
      for (let gi = 0; gi < groups.length; gi++) {
        const resolved = resolveModel(config, groups[gi]!);
        if (!resolved) {
          if (gi === 0) throw modelNotFound(req.model);
          continue;
        }
        if (gi > 0) req.trace.attemptedFallbacks++;
        req.trace.group = resolved.group;
        const retries = req.overrides.numRetries ?? rs.num_retries ?? config.raw.litellm_settings.num_retries ?? 2;
        const order = [...resolved.deployments].sort((a, b) => (a.params.order ?? 0) - (b.params.order ?? 0));
        for (let i = 0; i <= retries; i++) {
          const d = order[i % order.length]!;
          if (i > 0) {
            req.trace.attemptedRetries++;
            if (i >= order.length) await deps.sleep(backoffMs(i, lastError));
          }
          req.trace.deployment = d;
          try {
            return await attempt(d, timeoutsFor(config, d, req.overrides));
          } catch (e) {
            lastError = e;
            if (!isRetryable(e)) break;
          }
        }
        if (lastError instanceof ClientClosedError) throw lastError;
      }
      throw lastError;
    },
  };
}

function backoffMs(attempt: number, e: unknown): number {
  if (e instanceof GatewayError && e.retryAfter !== undefined) return Math.min(60, e.retryAfter) * 1000;
  return Math.min(8000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
}

function findFallbacks(cfg: RuntimeConfig, model: string): string[] {
  const list = cfg.raw.router_settings.fallbacks ?? cfg.raw.litellm_settings.fallbacks ?? [];
  for (const entry of list) if (entry[model]) return entry[model]!;
  return [];
}
