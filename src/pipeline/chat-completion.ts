import type { Deps } from "../deps.js";
import { GatewayError, InternalServerError } from "../errors/gateway-error.js";
import type { Principal } from "../http/principal.js";
import type { ChatCompletionRequest } from "../openai/chat-request.js";
import type { Usage } from "../openai/chat-response.js";
import { getProvider } from "../providers/registry.js";
import type { Router, RouteTrace } from "../routing/router.js";
import { callProvider, type CallResult } from "../upstream/call-provider.js";
import { clientStream } from "../streaming/client-stream.js";
import { costMicros, pricesFor } from "../accounting/cost.js";
import { lookupPrice } from "../accounting/prices.js";
import { parseChatRequest } from "./parse-request.js";
import { prepareForDeployment } from "./prepare-request.js";
import { recordSpend, spendRecord, type RequestFacts } from "./account.js";
import { routeHeaders } from "./route-headers.js";
import { admitRequest, type Admission } from "./admit.js";
import { authorizeModel } from "./authorize-model.js";
import { accessGroupsOf } from "../http/model-access.js";
import { ClientClosedError } from "../upstream/abort.js";

export interface ChatInput {
  principal: Principal;
  bodyText: string;
  signal?: AbortSignal;
  requestId: string;
}

/**
 * The chat-completions spine: parse → admit → route → translate → fetch → transform → account.
 * Admission (budgets, limits) runs alongside the router's choice of deployment, so the two cost
 * one round trip together; the upstream call waits for it. Accounting runs after the response;
 * a failed request is recorded too.
 */
export async function chatCompletion(deps: Deps, router: Router, input: ChatInput): Promise<Response> {
  const trace: RouteTrace = { attemptedRetries: 0, attemptedFallbacks: 0 };
  const facts: RequestFacts = {
    requestId: input.requestId,
    startedAt: deps.now(),
    principal: input.principal,
    requestedModel: null,
    endUser: null,
    stream: false,
    tags: [],
    metadata: {},
    trace,
  };
  let request: ChatCompletionRequest;
  try {
    request = parseChatRequest(input.bodyText);
    facts.requestedModel = request.model;
    facts.endUser = request.user ?? null;
    facts.stream = request.stream === true;
    facts.tags = request.tags ?? [];
    request = { ...request, model: authorizeModel(input.principal, request.model, accessGroupsOf(deps.config)) };
  } catch (e) {
    fail(deps, facts, e);
  }
  const stream = request.stream === true;
  const routeReq = { model: request.model, stream, trace, overrides: overridesOf(request) };
  const settle = (o: { usage?: Usage; status: number; error?: unknown; ttftMs?: number }) =>
    router.settle?.(routeReq, {
      status: o.status,
      error: o.error,
      ttftMs: o.ttftMs,
      latencyMs: deps.now() - facts.startedAt,
      promptTokens: o.usage?.prompt_tokens ?? 0,
      completionTokens: o.usage?.completion_tokens ?? 0,
    });
  const admitting = admitRequest(deps, {
    principal: input.principal,
    request,
    bodyText: input.bodyText,
    requestId: input.requestId,
  });
  admitting.catch(() => {}); // awaited below; a refusal must not reach the upstream
  let admission: Admission | undefined;
  try {
    const routing = router.route<CallResult>(
      routeReq,
      // A refused request stops routing like a cancelled one: no retry, no fallback, no deployment penalty.
      (deployment, timeouts) =>
        admitting.then(
          () => {
            const adapter = getProvider(deployment.provider);
            if (!adapter) throw new InternalServerError(`no adapter for provider "${deployment.provider}"`);
            const prepared = prepareForDeployment({ request, adapter, deployment, dropParams: deps.config.dropParams });
            return callProvider({
              adapter,
              timeouts,
              clientSignal: input.signal,
              ctx: {
                deployment: prepared.deployment,
                request: prepared.request,
                stream,
                fetch: deps.fetch,
                now: deps.now,
                requestId: input.requestId,
                cache: deps.providerCache,
                bindings: deps.bindings,
              },
            });
          },
          () => {
            throw new ClientClosedError();
          },
        ),
    );
    routing.catch(() => {});
    admission = await admitting;
    const result = await routing;
    const prices = trace.deployment ? pricesFor(trace.deployment, lookupPrice) : undefined;
    const headers = { ...routeHeaders(trace, input.requestId), ...admission.headers };
    if (result.kind === "json") {
      const usage = result.completion.usage;
      const cost = costMicros(usage, prices);
      headers["content-type"] = "application/json";
      headers["x-switchyard-response-cost"] = (cost / 1_000_000).toString();
      settle({ usage, status: 200 });
      admission.settle({ costMicros: cost, tokens: usage?.total_tokens ?? 0 });
      recordSpend(deps, spendRecord(deps, facts, { usage, costMicros: cost, status: 200 }));
      return new Response(JSON.stringify(result.completion), { status: 200, headers });
    }
    const ttftMs = deps.now() - facts.startedAt;
    const admitted = admission;
    const body = clientStream({
      head: result.head,
      source: result.source,
      includeUsage: request.stream_options?.include_usage === true,
      onDone: (o) => {
        const usage: Usage | undefined = o.usage;
        const status = o.error ? o.error.status : o.clientClosed ? 499 : 200;
        const cost = costMicros(usage, prices);
        settle({ usage, status, error: o.error, ttftMs });
        admitted.settle({ costMicros: cost, tokens: usage?.total_tokens ?? 0 });
        recordSpend(deps, spendRecord(deps, facts, { usage, costMicros: cost, status, error: o.error, ttftMs }));
      },
    });
    headers["content-type"] = "text/event-stream; charset=utf-8";
    headers["cache-control"] = "no-cache";
    return new Response(body, { status: 200, headers });
  } catch (e) {
    settle({ status: e instanceof GatewayError ? e.status : 500, error: e });
    admission?.settle({ costMicros: 0, tokens: 0 });
    fail(deps, facts, e);
  }
}

function fail(deps: Deps, facts: RequestFacts, e: unknown): never {
  const status = e instanceof GatewayError ? e.status : 500;
  // The client learns which deployment failed and how many retries and fallbacks were tried.
  if (e instanceof GatewayError) e.headers = { ...routeHeaders(facts.trace, facts.requestId), ...e.headers };
  recordSpend(deps, spendRecord(deps, facts, { costMicros: 0, status, error: e }));
  throw e;
}

function overridesOf(r: ChatCompletionRequest) {
  return {
    numRetries: r.num_retries ?? undefined,
    timeoutMs: r.timeout ? r.timeout * 1000 : undefined,
    streamTimeoutMs: r.stream_timeout ? r.stream_timeout * 1000 : undefined,
    fallbacks: r.fallbacks ? r.fallbacks.filter((f): f is string => typeof f === "string") : undefined,
    disableFallbacks: r.disable_fallbacks ?? undefined,
  };
}
