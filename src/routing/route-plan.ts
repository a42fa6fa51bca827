import { canServe } from "../accounting/model-mode.js";
import { BadRequestError, GatewayError } from "../errors/gateway-error.js";
import type { Deployment } from "../providers/deployment.js";
import type { OperationName } from "../providers/provider.js";
import type { RuntimeConfig } from "../runtime-config.js";
import { resolveModel } from "./resolve-model.js";
import { modelNotFound, type RouteOverrides } from "./router.js";

export const DEFAULT_MAX_FALLBACKS = 5;

/** One model group as a request may reach it. */
export interface PlannedGroup {
  /** The name routing state and reports use: the config group, an alias's target, or the wildcard pattern. */
  name: string;
  /** The name it was reached by (the client's model, or an entry of a fallback list). */
  requested: string;
  /** Deployments that can do the request's operation, each with its adapter (wildcards substituted). */
  deployments: Deployment[];
}

/**
 * Everything a request can reach, worked out once after parsing: its group and the fallback groups
 * tried once the group's retries are spent, per kind of failure. Admission prices the plan's
 * deployments and the router walks it, so both see the same groups. Every group in it passed the
 * caller's access check and has a deployment for the operation.
 */
export interface RoutePlan {
  operation: OperationName;
  primary: PlannedGroup;
  fallbacks: {
    /** After any failure that has no list of its own. */
    generic: PlannedGroup[];
    /** After a context-window error, when the group has a context_window_fallbacks entry. */
    contextWindow?: PlannedGroup[];
    /** After a content-policy error, when the group has a content_policy_fallbacks entry. */
    contentPolicy?: PlannedGroup[];
  };
}

export interface PlanRequest {
  /** The model the request names (a caller's own alias already applied). */
  model: string;
  operation: OperationName;
  overrides: RouteOverrides;
  /**
   * Whether the caller may use a model name; default: yes. The requested model was checked before
   * planning (a denial there is a 403); a fallback the caller may not use is left out.
   */
  allowed?: (name: string) => boolean;
  /** A caller's own model aliases, applied to fallback names as to the requested model. */
  aliases?: Readonly<Record<string, string>>;
}

function planGroup(
  cfg: RuntimeConfig,
  name: string,
  operation: OperationName,
): PlannedGroup | "unknown" | "unsupported" {
  const resolved = resolveModel(cfg, name);
  if (!resolved) return "unknown";
  const deployments = resolved.deployments.filter((d) => canServe(d, operation));
  if (!deployments.length) return "unsupported";
  return { name: resolved.group, requested: name, deployments };
}

/** The request's route plan; an unknown model or a group that cannot do the operation is a 400 naming it. */
export function planRoute(cfg: RuntimeConfig, req: PlanRequest): RoutePlan {
  if (req.model.includes(",") && !cfg.groups.has(req.model)) throw commaSeparatedModel(req.model);
  const primary = planGroup(cfg, req.model, req.operation);
  if (primary === "unknown") throw modelNotFound(req.model);
  if (primary === "unsupported") throw unsupportedOperation(req.model, req.operation);
  const o = req.overrides;
  const rs = cfg.raw.router_settings;
  const ls = cfg.raw.litellm_settings;
  const names = primary.requested === primary.name ? [primary.name] : [primary.requested, primary.name];
  const cap = rs.max_fallbacks ?? DEFAULT_MAX_FALLBACKS;
  const reach = (list: readonly string[] | undefined): PlannedGroup[] | undefined => {
    if (!list) return undefined;
    const out: PlannedGroup[] = [];
    for (const raw of list) {
      if (out.length >= cap) break;
      const name = req.aliases?.[raw] ?? raw;
      if (names.includes(name) || out.some((g) => g.requested === name)) continue;
      const g = planGroup(cfg, name, req.operation);
      if (typeof g === "string" || g.name === primary.name) continue;
      if (req.allowed && !req.allowed(name)) continue;
      out.push(g);
    }
    return out;
  };
  if (o.disableFallbacks) return { operation: req.operation, primary, fallbacks: { generic: [] } };
  const generic =
    o.fallbacks ?? entryFor(rs.fallbacks ?? ls.fallbacks, names) ?? rs.default_fallbacks ?? ls.default_fallbacks ?? [];
  return {
    operation: req.operation,
    primary,
    fallbacks: {
      generic: reach(generic) ?? [],
      contextWindow: reach(entryFor(rs.context_window_fallbacks ?? ls.context_window_fallbacks, names)),
      contentPolicy: reach(entryFor(rs.content_policy_fallbacks ?? ls.content_policy_fallbacks, names)),
    },
  };
}

type FallbackList = Array<Record<string, string[]>> | undefined;

function entryFor(list: FallbackList, names: readonly string[]): string[] | undefined {
  if (!list) return undefined;
  for (const name of names) for (const entry of list) if (entry[name]) return entry[name];
  return undefined;
}

/** The groups to try, in order, after the primary group failed with `error`. */
export function fallbacksAfter(plan: RoutePlan, error: unknown): PlannedGroup[] {
  const kind = error instanceof GatewayError ? error.kind : undefined;
  if (kind === "ContextWindowExceededError" && plan.fallbacks.contextWindow) return plan.fallbacks.contextWindow;
  if (kind === "ContentPolicyViolationError" && plan.fallbacks.contentPolicy) return plan.fallbacks.contentPolicy;
  return plan.fallbacks.generic;
}

function reachable(plan: RoutePlan): PlannedGroup[] {
  const f = plan.fallbacks;
  return [plan.primary, ...f.generic, ...(f.contextWindow ?? []), ...(f.contentPolicy ?? [])];
}

/** Every deployment the plan can reach (what admission prices). */
export function planDeployments(plan: RoutePlan): Deployment[] {
  return reachable(plan).flatMap((g) => g.deployments);
}

/** The names of the groups the plan can reach, each once. */
export function planGroups(plan: RoutePlan): string[] {
  return [...new Set(reachable(plan).map((g) => g.name))];
}

const OPERATION_LABELS: Record<OperationName, string> = {
  chat: "chat completions",
  embeddings: "embeddings",
  imageGeneration: "image generation",
  transcription: "audio transcription",
  speech: "text to speech",
  moderation: "moderations",
  rerank: "rerank",
  textCompletion: "text completions",
  messages: "messages",
  responses: "the Responses API",
};

export function unsupportedOperation(model: string, operation: OperationName): GatewayError {
  return new BadRequestError(
    `model "${model}" does not support ${OPERATION_LABELS[operation]}: no deployment of it offers that operation`,
    { param: "model", code: "unsupported_operation" },
  );
}

/**
 * LiteLLM's proxy answers a comma-separated `model` with a JSON list of completions, one per group (not
 * OpenAI's shape, which every OpenAI client fails to parse), or with `fastest_response` the first to
 * finish. Switchyard refuses it, naming what to use instead.
 */
function commaSeparatedModel(model: string): GatewayError {
  return new BadRequestError(
    `model "${model}" names several models; one request goes to one model group here (LiteLLM's batch completion is not supported): send one request per model, or use "fallbacks" to try several in order`,
    { param: "model", code: "multiple_models_not_supported" },
  );
}
