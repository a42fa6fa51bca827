import { textCompletionCache } from "../caching/text-completion-cache.js";
import { costUpperBound, utf8Length } from "../../accounting/estimate.js";
import { meteredOf } from "../../accounting/metered.js";
import { lookupPrice } from "../../accounting/prices.js";
import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import { TextCompletionRequest } from "../../openai/completions.js";
import type { Deployment } from "../../providers/deployment.js";
import { clientStream } from "../../streaming/client-stream.js";
import { callProvider, type CallResult } from "../../upstream/call-provider.js";
import type { AttemptContext, Operation } from "../operation.js";
import { parseRequest } from "../parse-request.js";
import { prepareForDeployment } from "../prepare-request.js";
import { jsonAnswer, jsonText } from "../respond.js";
import { chatRequestsFor, promptTexts, servesNatively } from "./text-completion-request.js";
import { NATIVE_SHAPE, type PartShape, renderTextChunk, renderTextCompletion } from "./text-completion-render.js";
import { joinedSource } from "./text-completion-streams.js";

/** The answer of one attempt: one call result per part (one part natively; one per prompt translated). */
export interface TextCompletionOut {
  parts: Array<{ result: CallResult; shape: PartShape }>;
}

/** The provider context of one call: the attempt's request as prepared for the deployment. */
function providerCtx<Req>(
  ctx: AttemptContext<TextCompletionRequest>,
  prepared: { request: Req; deployment: Deployment },
) {
  const { deps } = ctx;
  return {
    deployment: prepared.deployment,
    request: prepared.request,
    stream: ctx.request.stream === true,
    fetch: deps.fetch,
    now: deps.now,
    requestId: ctx.requestId,
    cache: deps.providerCache,
    bindings: deps.bindings,
  };
}

/** A deployment that serves legacy completions: the request passed as it is. */
async function callNative(ctx: AttemptContext<TextCompletionRequest>): Promise<TextCompletionOut> {
  const adapter = ctx.deployment.adapter.textCompletion!;
  const prepared = prepareForDeployment({
    request: ctx.request,
    adapter,
    deployment: ctx.deployment,
    dropParams: ctx.deps.config.dropParams,
  });
  const result = await callProvider({
    adapter,
    timeouts: ctx.timeouts,
    clientSignal: ctx.signal,
    ctx: providerCtx(ctx, prepared),
  });
  return { parts: [{ result, shape: NATIVE_SHAPE }] };
}

/** A chat deployment: one chat call per prompt, in parallel; one failing fails them all (the others are cancelled). */
async function callTranslated(ctx: AttemptContext<TextCompletionRequest>): Promise<TextCompletionOut> {
  const { deployment, request } = ctx;
  const adapter = deployment.adapter.chat!;
  const dropParams = ctx.deps.config.dropParams || deployment.params.drop_params === true;
  const chats = chatRequestsFor(request, { dropParams, modelName: deployment.modelName });
  const n = request.n ?? 1;
  const echo = request.echo ? promptTexts(request) : null;
  const settled = await Promise.allSettled(
    chats.map((chat: ChatCompletionRequest) => {
      const prepared = prepareForDeployment({
        request: chat,
        adapter,
        deployment,
        dropParams: ctx.deps.config.dropParams,
      });
      return callProvider({
        adapter,
        timeouts: ctx.timeouts,
        clientSignal: ctx.signal,
        ctx: providerCtx(ctx, prepared),
      });
    }),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    for (const s of settled) if (s.status === "fulfilled" && s.value.kind === "stream") void s.value.source.cancel();
    throw failed.reason;
  }
  return {
    parts: settled.map((s, p) => ({
      result: (s as PromiseFulfilledResult<CallResult>).value,
      shape: { indexBase: p * n, echo: echo?.[p] ?? null, legacyLogprobs: request.logprobs != null },
    })),
  };
}

/** How many prompts the request carries (a list of strings or of token lists is one per item). */
function promptCount(r: TextCompletionRequest): number {
  const p = r.prompt;
  if (typeof p === "string") return 1;
  return typeof p[0] === "number" ? 1 : p.length;
}

/**
 * POST /v1/completions (legacy text completions). Deployments that serve them natively get the
 * request as it is (servesNatively); every other deployment gets it translated to chat, one call
 * per prompt, and the answer translated back (`text_completion` objects and chunks).
 */
export const textCompletionOperation: Operation<TextCompletionRequest, TextCompletionOut> = {
  name: "textCompletion",
  parse: (body) => parseRequest(TextCompletionRequest, jsonText(body)),
  model: (r) => r.model,
  stream: (r) => r.stream === true,
  costBound(r, deployments, body) {
    // Outputs: n per prompt (best_of per prompt where the vendor generates that many), each ≤ max_tokens.
    const outputs = promptCount(r) * Math.max(r.n ?? 1, r.best_of ?? 1);
    const request: ChatCompletionRequest = { model: r.model, messages: [], max_tokens: r.max_tokens, n: outputs };
    return costUpperBound({ bodyBytes: utf8Length(jsonText(body)), request, deployments, lookup: lookupPrice });
  },
  call: (ctx) => (servesNatively(ctx.deployment) ? callNative(ctx) : callTranslated(ctx)),
  respond(out, close, request) {
    const parts = out.parts;
    if (parts.every((p) => p.result.kind === "json")) {
      const completion = renderTextCompletion(
        parts.map((p) => ({
          completion: (p.result as Extract<CallResult, { kind: "json" }>).completion,
          shape: p.shape,
        })),
      );
      return jsonAnswer(completion, close, meteredOf(completion.usage));
    }
    const ttftMs = close.now() - close.startedAt;
    const body = clientStream({
      head: [],
      source: joinedSource(
        parts.map((p) => {
          const r = p.result as Extract<CallResult, { kind: "stream" }>;
          return { head: r.head, source: r.source, shape: p.shape };
        }),
      ),
      includeUsage: request.stream_options?.include_usage === true,
      render: renderTextChunk,
      onDone: (o) => {
        const status = o.error ? o.error.status : o.clientClosed ? 499 : 200;
        close.finish({ status, usage: meteredOf(o.usage), error: o.error, ttftMs });
      },
    });
    const headers = close.headers;
    headers["content-type"] = "text/event-stream; charset=utf-8";
    headers["cache-control"] = "no-cache";
    return new Response(body, { status: 200, headers });
  },
  cache: textCompletionCache,
};
