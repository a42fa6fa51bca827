import type { Metered } from "../../accounting/metered.js";
import type { CacheEntry } from "../../cache/cache-entry.js";
import { chatAnswerOf } from "../../cache/chat-replay.js";
import { type CacheLookup, RequestCache } from "../../cache/request-cache.js";
import type { CacheOperation } from "../../cache/settings.js";
import type { ChatCompletion, Usage } from "../../openai/chat-response.js";
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
 * What an operation answered in chat form tells the cache (chat completions; formats with answers of
 * their own shape use answer-cache.ts). One entry per request.
 */
export interface ChatFormCaching<Req, Out> {
  operation: Exclude<CacheOperation, "embeddings">;
  /** The request in chat form, as the cache key reads it. */
  body(req: Req): Readonly<Record<string, unknown>>;
  /**
   * What a miss's answer leaves to store: the completion of a JSON answer; `"chat-sse"` when the
   * response body is a chat-completions SSE stream (recorded as it passes to the client);
   * undefined when nothing may be stored.
   */
  stored(out: Out): { completion: ChatCompletion } | "chat-sse" | undefined;
  /** A stored completion as the client's answer (JSON, or a replayed stream); calls `close.finish`. */
  replay(c: ChatCompletion, close: Closing, req: Req, costMicros: number): Response;
}

/** The chat-form operations' part in the cache (see ChatFormCaching). */
export function chatFormCache<Req, Out>(c: ChatFormCaching<Req, Out>): OperationCache<Req, Out> {
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
      const completion = lookup.status === "HIT" ? chatAnswerOf(lookup.entry) : undefined;
      if (lookup.status === "HIT" && completion) return served({ c, ctx, rc, lookup, completion });
      return missed({ c, ctx, rc, lookup: lookup.status === "HIT" ? { status: "MISS" } : lookup, lead });
    },
  };
}

/** A hit: the stored completion replayed; cost 0 against budgets and tpm unless configured. */
function served<Req, Out>(o: {
  c: ChatFormCaching<Req, Out>;
  ctx: CacheOpenContext<Req, Out>;
  rc: RequestCache;
  lookup: Extract<CacheLookup, { status: "HIT" }>;
  completion: ChatCompletion;
}): CachedRequest<Req, Out> {
  const { ctx } = o;
  ctx.trace.group ??= ctx.modelGroup; // no router runs: the record and headers name the group here
  const charge = o.rc.hitCharge(o.lookup.entry);
  const cache = { hit: true, savedCostMicros: charge.savedCostMicros, limitTokens: charge.tokens };
  return {
    request: ctx.request,
    hit(close) {
      const closing = withCache(close, o.rc.headers(o.lookup), (out) => close.finish({ ...out, cache }));
      return o.c.replay(o.completion, closing, ctx.request, charge.costMicros);
    },
    respond: (out, close) => ctx.respond(out, close, ctx.request),
    abandon() {},
  };
}

/** A miss (or a bypass): the operation answers; a complete answer is stored after the response. */
function missed<Req, Out>(o: {
  c: ChatFormCaching<Req, Out>;
  ctx: CacheOpenContext<Req, Out>;
  rc: RequestCache;
  lookup: CacheLookup;
  lead?: Leader;
}): CachedRequest<Req, Out> {
  const { ctx, rc } = o;
  const { deps } = ctx;
  const fields = o.lookup.status === "MISS" ? { hit: false } : undefined;
  let outcome: Outcome | undefined;
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
  return {
    request: ctx.request,
    abandon: () => settle(),
    async respond(out, close) {
      const costOf = () => (outcome ? (outcome.costMicros ?? close.cost(outcome.usage)) : 0);
      const closing = withCache(close, rc.headers(o.lookup), (x) => {
        outcome = x;
        close.finish(fields ? { ...x, cache: fields } : x);
        if (x.status !== 200) settle();
      });
      const kept = o.c.stored(out);
      const res = await ctx.respond(out, closing, ctx.request);
      if (kept !== "chat-sse") {
        settle(kept ? rc.chatEntry(kept.completion, costOf(), deps.now()) : undefined);
        return res;
      }
      if (!res.body || !rc.plan.store) {
        settle();
        return res;
      }
      const body = rc
        .recordStream(res.body, {
          usage: () => usageOf(outcome?.usage),
          costMicros: costOf,
          now: deps.now,
          onEntry: (e) => settle(e),
        })
        // A stream that ended without an entry (cut, failed, not storable) lets waiting requests go.
        .pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: () => settle() }));
      return new Response(body, { status: res.status, headers: res.headers });
    },
  };
}

/** The usage the gateway kept from a stream, in OpenAI's shape. */
function usageOf(m: Metered | undefined): Usage | undefined {
  if (!m) return undefined;
  return {
    prompt_tokens: m.promptTokens,
    completion_tokens: m.completionTokens,
    total_tokens: m.promptTokens + m.completionTokens,
  };
}
