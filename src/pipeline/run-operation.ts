import { accessGroupsOf, modelAllowed } from "../access/model-access.js";
import type { Deps } from "../deps.js";
import { ClientClosedError } from "../errors/client-closed.js";
import { planDeployments, planGroups, planRoute, type RoutePlan } from "../routing/route-plan.js";
import type { RouteOverrides, RouteRequest, Router } from "../routing/router.js";
import type { Principal } from "../state/principal.js";
import { admitRequest, type Admission } from "./admit.js";
import { authorizeModel } from "./authorize-model.js";
import { RequestCloser } from "./finish.js";
import { checkMockAllowed, mockFailure } from "./mock-call.js";
import { BadRequestError } from "../errors/gateway-error.js";
import type { GatewayRequest, Operation, RequestBody } from "./operation.js";
import { openCache } from "./caching/open-cache.js";
import type { CachedRequest } from "./caching/operation-cache.js";
import type { EmbeddingSpine } from "./caching/semantic-embed.js";

export interface OperationInput {
  principal: Principal;
  body: RequestBody;
  /** The gateway's own id for this request (the spend record's key). */
  requestId: string;
  /** The client's x-request-id, kept as metadata. */
  clientRequestId?: string;
  signal?: AbortSignal;
  /** The client's headers (the response cache's controls, x-switchyard-tags). */
  headers?: Headers;
}

/**
 * The request spine, the same for every operation: parse → plan → admit ∥ route → call → respond →
 * finish. Admission (budgets, limits) runs alongside the router's choice of deployment, so the two
 * cost one round trip together; the upstream call waits for it. Every request, refused or failed
 * ones included, closes through one `finish` (src/pipeline/finish.ts).
 */
export async function runOperation<Req extends GatewayRequest, Out>(
  deps: Deps,
  router: Router,
  op: Operation<Req, Out>,
  input: OperationInput,
): Promise<Response> {
  const { principal } = input;
  const closer = new RequestCloser(deps, router, {
    requestId: input.requestId,
    principal,
    operation: op.name,
    clientRequestId: input.clientRequestId,
    headers: input.headers,
  });
  let req: Req;
  let plan: RoutePlan;
  try {
    const parsed = op.parse(input.body);
    req = parsed instanceof Promise ? await parsed : parsed;
    checkMockAllowed(deps.config, req);
    if (req.mock_response != null && op.name !== "chat") {
      throw new BadRequestError("mock_response is answered on chat completions only", {
        param: "mock_response",
        code: "invalid_request",
      });
    }
    const requested = op.model(req, deps);
    closer.describe(req, requested, op.stream(req));
    const access = accessGroupsOf(deps.config);
    const model = authorizeModel(principal, requested, access);
    plan = planRoute(deps.config, {
      model,
      operation: op.name,
      overrides: overridesOf(req),
      // Every group the request can reach passes the same check as the model it names.
      allowed: principal.kind === "master" ? undefined : (name) => modelAllowed(principal, name, access),
      aliases: principal.kind === "virtual" ? principal.aliases : undefined,
    });
  } catch (e) {
    return closer.fail(e);
  }
  const route: RouteRequest = { plan, stream: op.stream(req), overrides: overridesOf(req), trace: closer.facts.trace };
  closer.routed(route);
  const admitting = admitRequest(deps, {
    principal,
    endUser: req.user,
    requestId: input.requestId,
    costBound: () => op.costBound(req, planDeployments(plan), input.body),
    groups: planGroups(plan),
    onRefused: (standings) => closer.refusedBy(standings),
  });
  admitting.catch(() => {}); // awaited below; a refusal must not reach the upstream
  const preparing = op.prepare ? op.prepare(req, { deps, principal }) : Promise.resolve(req);
  preparing.catch(() => {}); // awaited below, after admission
  let cached: CachedRequest<Req, Out> | undefined;
  try {
    const trace = closer.facts.trace;
    // Response cache (src/pipeline/caching/): looked up while admission runs; a hit is served without routing.
    const spine: EmbeddingSpine = (o, i) => runOperation(deps, router, o, i);
    const opening = openCache(op, {
      deps,
      principal,
      headers: input.headers,
      request: req,
      plan,
      trace,
      admitting,
      spine,
    });
    cached = opening && (await opening);
    if (cached?.hit) {
      const admission = await admitting;
      closer.admitted(admission);
      return await cached.hit(closer.closing(admission.headers));
    }
    const routing = router.route<Out>(route, (deployment, timeouts) =>
      Promise.all([admitting, preparing]).then(
        async ([, prepared]) => {
          const forced = mockFailure(req, { inPrimaryGroup: plan.primary.deployments.includes(deployment) });
          if (forced) throw forced;
          const started = deps.now();
          try {
            return await op.call({
              deps,
              // a cached operation's request loses its cache controls; a prepared one is the operation's own
              request: prepared === req ? (cached?.request ?? req) : prepared,
              deployment,
              timeouts,
              requestId: input.requestId,
              signal: input.signal,
            });
          } finally {
            trace.upstreamMs = (trace.upstreamMs ?? 0) + (deps.now() - started);
          }
        },
        // A refused (or unprepared) request stops routing like a cancelled one: no retry, no fallback, no penalty.
        () => {
          throw new ClientClosedError();
        },
      ),
    );
    routing.catch(() => {});
    const admission: Admission = await admitting;
    closer.admitted(admission);
    const prepared = await preparing;
    const out = await routing;
    const close = closer.closing(admission.headers);
    return await (cached ? cached.respond(out, close, prepared) : op.respond(out, close, prepared));
  } catch (e) {
    cached?.abandon();
    return closer.fail(e);
  }
}

/** The request's own routing settings (LiteLLM's request fields). */
export function overridesOf(r: GatewayRequest): RouteOverrides {
  return {
    numRetries: r.num_retries ?? undefined,
    timeoutMs: r.timeout ? r.timeout * 1000 : undefined,
    streamTimeoutMs: r.stream_timeout ? r.stream_timeout * 1000 : undefined,
    fallbacks: r.fallbacks ? r.fallbacks.filter((f): f is string => typeof f === "string") : undefined,
    disableFallbacks: r.disable_fallbacks ?? undefined,
  };
}
