import { accessGroupsOf, modelAllowed } from "../access/model-access.js";
import type { Deps } from "../deps.js";
import { ClientClosedError } from "../errors/client-closed.js";
import { planDeployments, planRoute, type RoutePlan } from "../routing/route-plan.js";
import type { RouteOverrides, RouteRequest, Router } from "../routing/router.js";
import type { Principal } from "../state/principal.js";
import { admitRequest, type Admission } from "./admit.js";
import { authorizeModel } from "./authorize-model.js";
import { RequestCloser } from "./finish.js";
import { checkMockAllowed, mockFailure } from "./mock-call.js";
import { BadRequestError } from "../errors/gateway-error.js";
import type { GatewayRequest, Operation, RequestBody } from "./operation.js";

export interface OperationInput {
  principal: Principal;
  body: RequestBody;
  /** The gateway's own id for this request (the spend record's key). */
  requestId: string;
  /** The client's x-request-id, kept as metadata. */
  clientRequestId?: string;
  /** The request's headers (x-switchyard-tags). */
  headers?: { get(name: string): string | null };
  signal?: AbortSignal;
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
    req = op.parse(input.body);
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
    onRefused: (standings) => closer.refusedBy(standings),
  });
  admitting.catch(() => {}); // awaited below; a refusal must not reach the upstream
  try {
    const trace = closer.facts.trace;
    const routing = router.route<Out>(route, (deployment, timeouts) =>
      admitting.then(
        async () => {
          const forced = mockFailure(req, { inPrimaryGroup: plan.primary.deployments.includes(deployment) });
          if (forced) throw forced;
          const started = deps.now();
          try {
            return await op.call({
              deps,
              request: req,
              deployment,
              timeouts,
              requestId: input.requestId,
              signal: input.signal,
            });
          } finally {
            trace.upstreamMs = (trace.upstreamMs ?? 0) + (deps.now() - started);
          }
        },
        // A refused request stops routing like a cancelled one: no retry, no fallback, no deployment penalty.
        () => {
          throw new ClientClosedError();
        },
      ),
    );
    routing.catch(() => {});
    const admission: Admission = await admitting;
    closer.admitted(admission);
    const out = await routing;
    return await op.respond(out, closer.closing(admission.headers), req);
  } catch (e) {
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
