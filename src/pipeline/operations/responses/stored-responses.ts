import { nativeResponseRequest, nativeResponsesEndpoint } from "../../../codecs/responses/native.js";
import type { Deps } from "../../../deps.js";
import { BadGatewayError, BadRequestError } from "../../../errors/gateway-error.js";
import type { Deployment } from "../../../providers/deployment.js";
import type { OperationAdapter } from "../../../providers/provider.js";
import { responseNotFound } from "../../../responses/conversation.js";
import { parseItemPage } from "../../../responses/input-items.js";
import { responseOwner } from "../../../responses/owner.js";
import { type DeletedResponse, type ItemList, ResponseObject } from "../../../responses/response.js";
import type { ResponseStore, StoredResponse } from "../../../responses/store.js";
import { timeoutsFor } from "../../../routing/router.js";
import type { Principal } from "../../../state/principal.js";
import { callOperation } from "../../../upstream/call-operation.js";
import { nativeErrorParser } from "./native-errors.js";

/** Who is asking, and what the gateway can reach. Every call is scoped to the caller's owner (404, never 403). */
export interface StoredContext {
  deps: Deps;
  principal: Principal;
}

const RUNNING = new Set(["queued", "in_progress"]);

/**
 * GET /v1/responses/{id}: the stored Response. A background response still running on a native deployment
 * is read from that deployment (and the stored copy replaced), so the client sees it progress and end.
 */
export async function retrieveResponse(ctx: StoredContext, id: string): Promise<ResponseObject> {
  const rec = await storedOf(ctx, id);
  if (!rec.origin.native || !RUNNING.has(rec.response.status)) return rec.response;
  const d = deploymentOf(ctx.deps, rec);
  if (!d) return rec.response;
  return replace(ctx.deps, rec, await upstream(ctx.deps, d, { id, action: "retrieve" }));
}

/** POST /v1/responses/{id}/cancel: a background response on the native deployment that runs it. */
export async function cancelResponse(ctx: StoredContext, id: string): Promise<ResponseObject> {
  const rec = await storedOf(ctx, id);
  const d = rec.origin.native && rec.response.background ? deploymentOf(ctx.deps, rec) : undefined;
  if (!d)
    throw new BadRequestError(
      `response '${id}' cannot be cancelled: only a background response on an OpenAI or Azure deployment of this gateway can`,
      { param: "response_id", code: "not_cancellable" },
    );
  return replace(ctx.deps, rec, await upstream(ctx.deps, d, { id, action: "cancel" }));
}

/**
 * DELETE /v1/responses/{id}: the stored response and its items. A response a native deployment made is
 * deleted there too, after the answer (best effort: a failure is logged).
 */
export async function deleteResponse(ctx: StoredContext, id: string): Promise<DeletedResponse> {
  const { deps } = ctx;
  const owner = responseOwner(ctx.principal);
  const store = storeOf(deps);
  const rec = await store.get(owner, id);
  if (!rec || !(await store.delete(owner, id))) throw responseNotFound(id);
  const d = rec.origin.native ? deploymentOf(deps, rec) : undefined;
  if (d) deps.defer(deleteUpstream(deps, d, id));
  return { id, object: "response", deleted: true };
}

/** GET /v1/responses/{id}/input_items?after=&limit=&order= */
export async function listInputItems(ctx: StoredContext, id: string, query: URLSearchParams): Promise<ItemList> {
  const page = parseItemPage(query);
  const list = await storeOf(ctx.deps).listInputItems(responseOwner(ctx.principal), id, page);
  if (!list) throw responseNotFound(id);
  return list;
}

function storeOf(deps: Deps): ResponseStore {
  const store = deps.state.responses;
  if (!store)
    throw new BadRequestError("stored responses need the gateway's response storage, which is not configured", {
      code: "response_storage_unavailable",
    });
  return store;
}

async function storedOf(ctx: StoredContext, id: string): Promise<StoredResponse> {
  const rec = await storeOf(ctx.deps).get(responseOwner(ctx.principal), id);
  if (!rec) throw responseNotFound(id);
  return rec;
}

/** The configured deployment that answered a stored response natively, if it is still configured. */
function deploymentOf(deps: Deps, rec: StoredResponse): Deployment | undefined {
  const d = deps.config.deployments.find((x) => x.id === rec.origin.deploymentId);
  return d && nativeResponsesEndpoint(d.provider) ? d : undefined;
}

/** The stored record with the upstream's newer Response (the client's previous_response_id kept). */
async function replace(deps: Deps, rec: StoredResponse, fresh: ResponseObject): Promise<ResponseObject> {
  const response = { ...fresh, previous_response_id: rec.response.previous_response_id ?? null };
  await storeOf(deps).put({ ...rec, response });
  return response;
}

/** GET or cancel a response on its native deployment, with the shared timeouts and error mapping. */
async function upstream(
  deps: Deps,
  deployment: Deployment,
  what: { id: string; action: "retrieve" | "cancel" },
): Promise<ResponseObject> {
  const endpoint = nativeResponsesEndpoint(deployment.provider)!;
  const adapter: OperationAdapter<{ id: string }, ResponseObject> = {
    answer: "json",
    buildRequest: (c) => {
      const req = nativeResponseRequest({ endpoint, deployment: c.deployment, ...what });
      return { ...req, method: req.method === "GET" ? "GET" : "POST" };
    },
    parseResponse: (_c, body) => {
      const r = ResponseObject.safeParse(body);
      if (!r.success)
        throw new BadGatewayError(`${deployment.provider} returned a response the gateway cannot read`, {
          provider: deployment.provider,
          code: "invalid_upstream_response",
        });
      return r.data;
    },
    parseError: nativeErrorParser(deployment),
  };
  return callOperation({
    adapter,
    timeouts: timeoutsFor(deps.config, deployment, {}),
    ctx: {
      deployment,
      request: { id: what.id },
      stream: false,
      fetch: deps.fetch,
      now: deps.now,
      requestId: deps.id("resp"),
      cache: deps.providerCache,
      bindings: deps.bindings,
    },
  });
}

async function deleteUpstream(deps: Deps, deployment: Deployment, id: string): Promise<void> {
  const endpoint = nativeResponsesEndpoint(deployment.provider)!;
  const req = nativeResponseRequest({ endpoint, deployment, id, action: "delete" });
  try {
    const res = await deps.fetch(req.url, { method: req.method, headers: req.headers });
    await res.body?.cancel();
    if (!res.ok && res.status !== 404)
      deps.log.warn("deleting a response upstream failed", { provider: deployment.provider, status: res.status });
  } catch (e) {
    deps.log.warn("deleting a response upstream failed", {
      provider: deployment.provider,
      error: e instanceof Error ? e.message : String(e),
    });
  }
}
