import { cacheRuntimeOf } from "../../cache/cache-runtime.js";
import type { Deps } from "../../deps.js";
import type { RoutePlan } from "../../routing/route-plan.js";
import type { RouteTrace } from "../../routing/router.js";
import type { Principal } from "../../state/principal.js";
import type { GatewayRequest, Operation } from "../operation.js";
import type { CachedRequest } from "./operation-cache.js";
import { type EmbeddingSpine, semanticEmbedder } from "./semantic-embed.js";

/**
 * The spine's entry to the response cache: the request's cache, looked up, or undefined when the
 * operation is not cached or the cache is off. It runs after planning (model access checked) while
 * admission runs; the spine serves a hit only once admission let the request through.
 */
export function openCache<Req extends GatewayRequest, Out>(
  op: Operation<Req, Out>,
  opts: {
    deps: Deps;
    principal: Principal;
    headers: Headers | undefined;
    request: Req;
    plan: RoutePlan;
    trace: RouteTrace;
    /** The request's admission: the semantic cache's embedding waits for it. */
    admitting: Promise<unknown>;
    /** The spine itself, for the semantic cache's embedding request. */
    spine: EmbeddingSpine;
  },
): Promise<CachedRequest<Req, Out> | undefined> | undefined {
  const { deps } = opts;
  if (!op.cache) return undefined;
  const runtime = cacheRuntimeOf(deps);
  if (!runtime) return undefined;
  const model = runtime.settings.embeddingModel;
  return op.cache.open({
    deps,
    runtime,
    principal: opts.principal,
    headers: opts.headers ?? new Headers(),
    request: opts.request,
    modelGroup: opts.plan.primary.name,
    trace: opts.trace,
    respond: (out, close, req) => op.respond(out, close, req),
    embed:
      runtime.semantic && model
        ? semanticEmbedder({ deps, principal: opts.principal, model, admitted: opts.admitting, spine: opts.spine })
        : undefined,
  });
}
