import type { Deployment } from "../providers/deployment.js";
import { GatewayError, RateLimitError } from "../errors/gateway-error.js";
import type { CooledDown, GroupPolicy, OutcomeEvent, PickRequest, PickResult } from "./router-types.js";
import { countsTowardCooldown, type FailureFacts } from "./cooldown.js";
import { mirrorable } from "./group-mirror.js";
import { groupPolicy, needsState } from "./group-policy.js";
import { fallbacksAfter, type PlannedGroup } from "./route-plan.js";
import { backoffMs, endsRouting, retriesFor, retryAfterTooLong } from "./retry.js";
import {
  timeoutsFor,
  type AttemptFn,
  type RouteOutcome,
  type RouteRequest,
  type Router,
  type RouterDeps,
} from "./router.js";
import { selectDeployment } from "./select-deployment.js";

/** How long settled outcomes wait in the outbox for company before they are flushed. */
export const DEFAULT_OUTBOX_DELAY_MS = 20;

/** The attempt that answered a request, kept until `settle` reports how it ended. */
interface Held {
  group: string;
  policy: GroupPolicy;
  id: string;
  lease: string;
  startedAt: number;
  firstAt: number;
  stream: boolean;
  local: boolean;
}

/**
 * The router: per model group, choose a deployment (one state round trip), call it, retry on
 * another deployment without waiting or on the same one after a backoff, then fall back to other
 * groups in order. Outcomes go to the state store after the response (deps.defer).
 */
export function createDeploymentRouter(deps: RouterDeps): Router {
  const { config } = deps;
  const held = new WeakMap<RouteRequest, Held>();

  /** Cooldowns to observers: those of the isolate's copy, and the store's that no copy reported first. */
  const announce = (group: string, cooled: readonly CooledDown[] | undefined, fromCopy: boolean) => {
    const events = deps.events;
    if (!events || !cooled?.length) return;
    for (const c of cooled)
      if (fromCopy || !c.local)
        events.deploymentCooledDown(
          group,
          config.deployments.find((d) => d.id === c.id),
          c,
        );
  };

  const send = (group: string, policy: GroupPolicy, events: OutcomeEvent[]) =>
    deps.state.report(group, { policy, events }).then(
      (cooled) => announce(group, cooled, false),
      (e: unknown) => {
        deps.log?.warn("routing state report failed", { group, error: e instanceof Error ? e.message : String(e) });
      },
    );

  /** Outcomes reach the isolate's copy of the group at once, and the store through `queue`. */
  const report = (group: string, policy: GroupPolicy, events: OutcomeEvent[]) => {
    if (!events.length) return;
    announce(group, deps.mirrors?.apply(group, policy, events, deps.now()), true);
    queue(group, policy, events);
  };

  /** Outcomes go out after the response: through the outbox (batched) when there is one, else at once. */
  const queue = (group: string, policy: GroupPolicy, events: OutcomeEvent[]) => {
    if (!events.length) return;
    const outbox = deps.outbox;
    if (!outbox) return deps.defer(send(group, policy, events));
    if (!outbox.add(group, policy, events)) return;
    deps.defer(
      deps
        .sleep(deps.outboxDelayMs ?? DEFAULT_OUTBOX_DELAY_MS)
        .then(() => Promise.all(outbox.takeAll().map((b) => send(b.group, b.policy, b.events)))),
    );
  };

  /** This request's outcomes plus those other requests of this isolate left for the group. */
  const withQueued = (group: string, events: OutcomeEvent[]): OutcomeEvent[] => {
    const queued = deps.outbox?.take(group);
    return queued?.length ? [...queued, ...events] : events;
  };

  /** The state store's choice; if the store cannot be reached, route without it rather than fail the request. */
  async function statePick(group: string, req: PickRequest, deployments: readonly Deployment[]): Promise<PickResult> {
    try {
      const r = await deps.state.pick(group, req);
      announce(group, r.cooled, false);
      return r;
    } catch (e) {
      deps.log?.warn("routing state unavailable; choosing without it", {
        group,
        error: e instanceof Error ? e.message : String(e),
      });
      return localPick(deployments, req.avoid, req.exclude, deps.random, deps.now());
    }
  }

  /**
   * A mirrorable group is chosen from the isolate's copy of its state (src/routing/group-mirror.ts):
   * no round trip once the copy exists, a background refresh when it is due. The first choice in a
   * group fetches the copy (one round trip, carrying queued outcomes).
   */
  async function choose(
    group: string,
    policy: GroupPolicy,
    req: PickRequest,
    deployments: readonly Deployment[],
  ): Promise<PickResult> {
    const mirrors = deps.mirrors;
    const snapshot = deps.state.snapshot?.bind(deps.state);
    if (!mirrors || !snapshot || !mirrorable(policy))
      return statePick(group, { ...req, events: withQueued(group, req.events) }, deployments);
    report(group, policy, req.events);
    const now = deps.now();
    const local = mirrors.pick(group, req, now, deps.random);
    if (local) {
      if (mirrors.beginRefresh(group, now)) deps.defer(refresh(group, policy, snapshot));
      return local;
    }
    const taken = withQueued(group, []);
    try {
      mirrors.install(group, await snapshot(group, { policy, events: taken }), deps.now());
    } catch (e) {
      queue(group, policy, taken);
      deps.log?.warn("routing state unavailable; choosing without it", {
        group,
        error: e instanceof Error ? e.message : String(e),
      });
      return localPick(deployments, req.avoid, req.exclude, deps.random, deps.now());
    }
    return mirrors.pick(group, req, deps.now(), deps.random)!;
  }

  async function refresh(
    group: string,
    policy: GroupPolicy,
    snapshot: NonNullable<RouterDeps["state"]["snapshot"]>,
  ): Promise<void> {
    const taken = withQueued(group, []);
    try {
      deps.mirrors!.install(group, await snapshot(group, { policy, events: taken }), deps.now());
    } catch (e) {
      deps.mirrors!.refreshFailed(group);
      queue(group, policy, taken); // already in the copy; they still have to reach the store
      deps.log?.warn("routing state refresh failed", { group, error: e instanceof Error ? e.message : String(e) });
    }
  }

  async function routeGroup<T>(req: RouteRequest, planned: PlannedGroup, attempt: AttemptFn<T>): Promise<T> {
    const { name: group, deployments } = planned;
    const policy = needsState(config, deployments) ? groupPolicy(config, planned) : undefined;
    req.trace.group = group;
    const failed: string[] = [];
    const exclude: string[] = [];
    const tries = new Map<string, number>();
    let events: OutcomeEvent[] = [];
    let lastError: unknown;
    let retries = 0;
    for (;;) {
      const pick: PickResult = policy
        ? await choose(group, policy, { policy, events, avoid: failed, exclude, stream: req.stream }, deployments)
        : localPick(deployments, failed, exclude, deps.random, deps.now());
      events = [];
      if (!pick.ok) throw lastError ?? noDeploymentsAvailable(planned.requested, pick);
      const d = deployments.find((x) => x.id === pick.id)!;
      if (retries > 0) {
        req.trace.attemptedRetries++;
        if (pick.repeat) {
          await deps.sleep(
            backoffMs({
              retry: retries,
              error: lastError,
              random: deps.random,
              minMs: (config.raw.router_settings.retry_after ?? 0) * 1000,
            }),
          );
        }
      }
      req.trace.deployment = d;
      const startedAt = deps.now();
      try {
        const out = await attempt(d, timeoutsFor(config, d, req.overrides));
        if (policy)
          held.set(req, {
            group,
            policy,
            id: d.id,
            lease: pick.lease,
            startedAt,
            firstAt: deps.now(),
            stream: req.stream,
            local: pick.local === true,
          });
        return out;
      } catch (e) {
        lastError = e;
        const n = (tries.get(d.id) ?? 0) + 1;
        tries.set(d.id, n);
        if (!failed.includes(d.id)) failed.push(d.id);
        if (d.params.max_retries !== undefined && n > d.params.max_retries) exclude.push(d.id);
        const failure = failureFactsOf(e);
        if (failure && deps.events && countsTowardCooldown(failure)) deps.events.deploymentFailed(group, d, failure);
        if (policy) events.push(failureEvent(d, pick, failure, req.stream, deps.now() - startedAt));
        const stop = endsRouting(e) || retries >= retriesFor(config, e, req.overrides) || retryAfterTooLong(e);
        if (stop) {
          if (policy) report(group, policy, events);
          throw e;
        }
        retries++;
      }
    }
  }

  return {
    async route<T>(req: RouteRequest, attempt: AttemptFn<T>): Promise<T> {
      try {
        return await routeGroup(req, req.plan.primary, attempt);
      } catch (e) {
        if (endsRouting(e)) throw e;
        for (const group of fallbacksAfter(req.plan, e)) {
          req.trace.attemptedFallbacks++;
          try {
            return await routeGroup(req, group, attempt);
          } catch (e2) {
            if (endsRouting(e2)) throw e2;
          }
        }
        throw e;
      }
    },

    settle(req: RouteRequest, outcome: RouteOutcome): void {
      const h = held.get(req);
      if (!h) return;
      held.delete(req);
      report(h.group, h.policy, [outcomeEvent(h, outcome, deps.now())]);
    },
  };
}

/** Without shared state (a lone deployment, or shuffle without cooldowns or limits): the same choice rules on empty numbers. */
function localPick(
  deployments: readonly Deployment[],
  avoid: string[],
  exclude: string[],
  random: () => number,
  now: number,
): PickResult {
  if (deployments.length === 1) {
    const d = deployments[0]!;
    return exclude.includes(d.id)
      ? { ok: false, reason: "none", retryAfterMs: 0 }
      : { ok: true, id: d.id, lease: "", repeat: avoid.includes(d.id) };
  }
  const views = deployments.map((d) => ({
    spec: { id: d.id, weight: d.params.weight, order: d.params.order },
    inFlight: 0,
    requests: 0,
    tokens: 0,
    coolingUntil: 0,
    limitedUntil: 0,
  }));
  const sel = selectDeployment({
    views,
    strategy: "simple-shuffle",
    avoid: new Set(avoid),
    exclude: new Set(exclude),
    now,
    random,
    latencyBuffer: 0,
  });
  return sel.ok ? { ok: true, id: sel.view.spec.id, lease: "", repeat: sel.repeat } : sel;
}

/** What a failed attempt says about its deployment; undefined when it says nothing (a closed client, a test parameter). */
function failureFactsOf(e: unknown): FailureFacts | undefined {
  if (endsRouting(e) || (e instanceof GatewayError && e.mock)) return undefined;
  return e instanceof GatewayError
    ? { kind: e.kind, status: e.status, retryAfterS: e.retryAfter }
    : { kind: "InternalServerError", status: 500 };
}

function failureEvent(
  d: Deployment,
  pick: { lease: string; local?: boolean },
  error: FailureFacts | undefined,
  stream: boolean,
  latencyMs: number,
): OutcomeEvent {
  const base = {
    id: d.id,
    lease: pick.lease || undefined,
    stream,
    tokens: 0,
    completionTokens: 0,
    latencyMs,
    ...(pick.local ? { local: true } : {}),
  };
  // A failure the client asked for (a test parameter) says nothing about the deployment.
  return error ? { ...base, result: "failure", error } : { ...base, result: "cancelled" };
}

function outcomeEvent(h: Held, o: RouteOutcome, now: number): OutcomeEvent {
  const base = {
    id: h.id,
    lease: h.lease || undefined,
    stream: h.stream,
    completionTokens: o.completionTokens,
    tokens: o.promptTokens + o.completionTokens,
    ...(h.local ? { local: true } : {}),
  };
  if (o.status < 400) {
    return {
      ...base,
      result: "success",
      latencyMs: now - h.startedAt,
      ttftMs: h.stream ? h.firstAt - h.startedAt : undefined,
    };
  }
  if (o.status === 499 || endsRouting(o.error)) return { ...base, result: "cancelled" };
  const e = o.error;
  const error =
    e instanceof GatewayError
      ? { kind: e.kind, status: e.status, retryAfterS: e.retryAfter }
      : { kind: "InternalServerError", status: o.status };
  return { ...base, result: "failure", error };
}

/** 429 when every deployment of the group is cooling down or at its rpm/tpm limit. */
export function noDeploymentsAvailable(model: string, r: Extract<PickResult, { ok: false }>): GatewayError {
  const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
  const why =
    r.reason === "cooldown"
      ? "every deployment is cooling down after failures"
      : r.reason === "rate_limit"
        ? "every deployment is at its rpm/tpm limit"
        : r.reason === "cooldown_or_rate_limit"
          ? "every deployment is cooling down or at its rpm/tpm limit"
          : "no deployment is left to try";
  return new RateLimitError(`no deployments available for model "${model}": ${why}; try again in ${seconds}s`, {
    code: "no_deployments_available",
    retryAfter: seconds,
  });
}
