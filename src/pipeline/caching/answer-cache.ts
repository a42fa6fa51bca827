import type { Metered } from "../../accounting/metered.js";
import type { CacheEntry } from "../../cache/cache-entry.js";
import { type CacheLookup, RequestCache } from "../../cache/request-cache.js";
import type { CacheOperation } from "../../cache/settings.js";
import { type SseAssembler, sseRecorder } from "../../cache/sse-recorder.js";
import type { Deps } from "../../deps.js";
import type { Usage } from "../../openai/chat-response.js";
import type { Closing, Outcome } from "../operation.js";
import {
  allowedControlsOf,
  type CacheOpenContext,
  type CachedRequest,
  type OperationCache,
} from "./operation-cache.js";
import { type Leader, lookUp } from "./look-up.js";
import { withCache } from "./with-cache.js";

/**
 * What an operation with an answer of its own shape (`A`: a legacy text completion, an Anthropic
 * Message, a Response) tells the cache. The answer is stored as the client got it: the JSON body, or
 * assembled from the SSE body on its way to the client. One entry per request.
 */
export interface AnswerCaching<Req, Out, A> {
  operation: Exclude<CacheOperation, "embeddings" | "chat">;
  /** The request as the cache key reads it: every field of the operation's own that can change the answer. */
  body(req: Req): Readonly<Record<string, unknown>>;
  /** How a miss's answer reaches the client: a JSON body, an SSE body, or undefined when it may not be stored. */
  stored(out: Out, req: Req): "json" | "sse" | undefined;
  /** A JSON answer as the client got it → the answer to store; undefined when it is not complete. */
  parse(json: unknown, opts: { storeTruncated: boolean }): A | undefined;
  /** Assembles a streamed answer from the client's SSE events (complete ones only). */
  assembler(req: Req, opts: { storeTruncated: boolean; usage: () => Usage | undefined }): SseAssembler<A>;
  /** The answer an entry holds, or undefined when it holds none of this operation's. */
  answerOf(entry: CacheEntry): A | undefined;
  /** The answer's usage in OpenAI's shape (the entry's record of it). */
  usage(a: A): Usage | undefined;
  /** A stored answer as the client's response (JSON, or a replayed stream); calls `close.finish`. */
  replay(a: A, close: Closing, req: Req, opts: { costMicros: number; deps: Deps }): Response;
}

/** An operation's part in the cache (see AnswerCaching). */
export function answerCache<Req, Out, A>(c: AnswerCaching<Req, Out, A>): OperationCache<Req, Out> {
  return {
    async open(ctx) {
      const rc = await RequestCache.open({
        runtime: ctx.runtime,
        principal: ctx.principal,
        allowedControls: allowedControlsOf(ctx.principal),
        operation: c.operation,
        modelGroup: ctx.modelGroup,
        body: c.body(ctx.request),
        headers: ctx.headers,
      });
      if (!rc) return undefined;
      const { lookup, lead } = await lookUp(rc, ctx);
      const answer = lookup.status === "HIT" ? c.answerOf(lookup.entry) : undefined;
      if (lookup.status === "HIT" && answer !== undefined) return served({ c, ctx, rc, lookup, answer });
      return missed({ c, ctx, rc, lookup: lookup.status === "HIT" ? { status: "MISS" } : lookup, lead });
    },
  };
}

/** A hit: the stored answer replayed; cost 0 against budgets and tpm unless configured. */
function served<Req, Out, A>(o: {
  c: AnswerCaching<Req, Out, A>;
  ctx: CacheOpenContext<Req, Out>;
  rc: RequestCache;
  lookup: Extract<CacheLookup, { status: "HIT" }>;
  answer: A;
}): CachedRequest<Req, Out> {
  const { ctx } = o;
  ctx.trace.group ??= ctx.modelGroup; // no router runs: the record and headers name the group here
  const charge = o.rc.hitCharge(o.lookup.entry);
  const cache = { hit: true, savedCostMicros: charge.savedCostMicros, limitTokens: charge.tokens };
  return {
    request: ctx.request,
    hit(close) {
      const closing = withCache(close, o.rc.headers(o.lookup), (out) => close.finish({ ...out, cache }));
      return o.c.replay(o.answer, closing, ctx.request, { costMicros: charge.costMicros, deps: ctx.deps });
    },
    respond: (out, close, prepared) => ctx.respond(out, close, prepared ?? ctx.request),
    abandon() {},
  };
}

/** A miss (or a bypass): the operation answers; a complete answer is stored after the response. */
function missed<Req, Out, A>(o: {
  c: AnswerCaching<Req, Out, A>;
  ctx: CacheOpenContext<Req, Out>;
  rc: RequestCache;
  lookup: CacheLookup;
  lead?: Leader;
}): CachedRequest<Req, Out> {
  const { c, ctx, rc } = o;
  const { deps } = ctx;
  const { storeTruncated } = rc.runtime.settings;
  const fields = o.lookup.status === "MISS" ? { hit: false } : undefined;
  let outcome: Outcome | undefined;
  let costOf = () => 0;
  let settled = false;
  const settle = (entry?: CacheEntry) => {
    if (settled) return;
    settled = true;
    if (!entry) return o.lead?.release();
    o.lead?.share(entry);
    deps.defer(
      rc
        .store(entry)
        .catch((e: unknown) => deps.log.warn("storing a response cache entry failed", { error: String(e) })),
    );
  };
  const entryOf = (a: A | undefined) =>
    a === undefined || !rc.plan.store || (outcome !== undefined && outcome.status !== 200)
      ? undefined
      : rc.entry({ answer: a, usage: c.usage(a) ?? usageOf(outcome?.usage), costMicros: costOf(), now: deps.now() });
  return {
    request: ctx.request,
    abandon: () => settle(),
    async respond(out, close, prepared) {
      costOf = () => (outcome ? (outcome.costMicros ?? close.cost(outcome.usage)) : 0);
      const closing = withCache(close, rc.headers(o.lookup), (x) => {
        outcome = x;
        close.finish(fields ? { ...x, cache: fields } : x);
        if (x.status !== 200) settle();
      });
      const req = prepared ?? ctx.request;
      const kept = c.stored(out, req);
      const res = await ctx.respond(out, closing, req);
      if (!kept || !res.body || res.status !== 200 || !rc.plan.store) {
        settle();
        return res;
      }
      if (kept === "json") {
        deps.defer(
          res
            .clone()
            .json()
            .then(
              (json) => settle(entryOf(c.parse(json, { storeTruncated }))),
              () => settle(),
            ),
        );
        return res;
      }
      const assembler = c.assembler(req, { storeTruncated, usage: () => usageOf(outcome?.usage) });
      const body = res.body
        .pipeThrough(sseRecorder(assembler, (a) => settle(entryOf(a))))
        // A stream that ended without an entry (cut, failed, not storable) lets waiting requests go.
        .pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: () => settle() }));
      return new Response(body, { status: res.status, headers: res.headers });
    },
  };
}

/** The usage the gateway kept (a stream that does not carry it), in OpenAI's shape. */
function usageOf(m: Metered | undefined): Usage | undefined {
  if (!m) return undefined;
  return {
    prompt_tokens: m.promptTokens,
    completion_tokens: m.completionTokens,
    total_tokens: m.promptTokens + m.completionTokens,
  };
}
