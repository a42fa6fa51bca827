import { chatCache } from "../caching/chat-cache.js";
import { costUpperBound, utf8Length } from "../../accounting/estimate.js";
import { meteredOf } from "../../accounting/metered.js";
import { lookupPrice } from "../../accounting/prices.js";
import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import { clientStream } from "../../streaming/client-stream.js";
import { callProvider, type CallResult } from "../../upstream/call-provider.js";
import type { Operation } from "../operation.js";
import { parseChatRequest } from "../parse-request.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonAnswer, jsonText } from "../respond.js";
import { mockAnswer } from "../mock-call.js";

/** POST /v1/chat/completions. */
export const chatOperation: Operation<ChatCompletionRequest, CallResult> = {
  name: "chat",
  parse: (body) => parseChatRequest(jsonText(body)),
  model: (r) => r.model,
  stream: (r) => r.stream === true,
  costBound: (r, deployments, body) =>
    costUpperBound({ bodyBytes: utf8Length(jsonText(body)), request: r, deployments, lookup: lookupPrice }),

  async call({ deps, request, deployment, timeouts, requestId, signal }) {
    const mock = mockAnswer({ request, deployment, requestId, now: deps.now() });
    if (mock) return mock;
    const adapter = deployment.adapter.chat!;
    const prepared = prepareForDeployment({ request, adapter, deployment, dropParams: deps.config.dropParams });
    return callProvider({
      adapter,
      timeouts,
      clientSignal: signal,
      ctx: {
        deployment: prepared.deployment,
        request: prepared.request,
        stream: request.stream === true,
        fetch: deps.fetch,
        now: deps.now,
        requestId,
        cache: deps.providerCache,
        bindings: deps.bindings,
      },
    });
  },

  respond(out, close, request) {
    const free = out.free ? 0 : undefined;
    if (out.kind === "json") return jsonAnswer(out.completion, close, meteredOf(out.completion.usage), free);
    const ttftMs = close.now() - close.startedAt;
    const body = clientStream({
      head: out.head,
      source: out.source,
      includeUsage: request.stream_options?.include_usage === true,
      onDone: (o) => {
        const usage = meteredOf(o.usage);
        const status = o.error ? o.error.status : o.clientClosed ? 499 : 200;
        close.finish({ status, usage, error: o.error, ttftMs, costMicros: free });
      },
    });
    const headers = close.headers;
    headers["content-type"] = "text/event-stream; charset=utf-8";
    headers["cache-control"] = "no-cache";
    return new Response(body, { status: 200, headers });
  },
  cache: chatCache,
};
