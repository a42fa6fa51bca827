import type { Metered } from "../../accounting/metered.js";
import { EmbeddingCache } from "../../cache/embedding-cache.js";
import type { EmbeddingList } from "../../cache/embedding-batch.js";
import type { EmbeddingsInput, EmbeddingsRequest, EmbeddingsResponse } from "../../openai/embeddings.js";
import { jsonAnswer } from "../respond.js";
import { allowedControlsOf, type CachedRequest, type OperationCache } from "./operation-cache.js";
import { withCache } from "./with-cache.js";

const metered = (u: EmbeddingList["usage"]): Metered => ({ promptTokens: u?.prompt_tokens ?? 0, completionTokens: 0 });

/**
 * Embeddings are cached per input: the inputs found are answered from the cache, only the others go
 * upstream, and the answer joins both in the request's order. A request whose every input was found
 * is a hit and is not routed. What went upstream is what the request costs and counts in tpm; the
 * client's usage counts every input.
 */
export const embeddingsCache: OperationCache<EmbeddingsRequest, EmbeddingsResponse> = {
  async open(ctx): Promise<CachedRequest<EmbeddingsRequest, EmbeddingsResponse> | undefined> {
    const { deps, request } = ctx;
    const ec = await EmbeddingCache.open({
      runtime: ctx.runtime,
      principal: ctx.principal,
      allowedControls: allowedControlsOf(ctx.principal),
      modelGroup: ctx.modelGroup,
      body: request,
      headers: ctx.headers,
    });
    if (!ec) return undefined;
    const { cache_hit: hit, saved_cost_micros: saved = 0 } = ec.spendFields();
    const counted = ctx.runtime.settings.countHitsInLimits;
    if (ec.status === "HIT") {
      ctx.trace.group ??= ctx.modelGroup; // no router runs: the record and headers name the group here
      return {
        request,
        hit(close) {
          const answer = ec.merge(undefined, request.model);
          const usage = metered(answer.usage);
          const cache = { hit: true, savedCostMicros: saved, limitTokens: counted ? usage.promptTokens : 0 };
          const closing = withCache(close, ec.headers(), (o) => close.finish({ ...o, cache }));
          return jsonAnswer(answer, closing, usage, counted ? saved : 0);
        },
        respond: (out, close) => ctx.respond(out, close, request),
        abandon() {},
      };
    }
    const cache = hit === undefined ? undefined : { hit, savedCostMicros: saved };
    return {
      request: ec.upstreamBody ? { ...request, input: ec.upstreamBody.input as EmbeddingsInput } : request,
      respond(out, close) {
        const usage = metered(out.usage);
        const cost = close.cost(usage);
        const closing = withCache(close, ec.headers(), (o) => close.finish(cache ? { ...o, cache } : o));
        const res = jsonAnswer(ec.merge(out, out.model), closing, usage, cost);
        deps.defer(
          ec
            .store(out, { costMicros: cost, now: deps.now() })
            .catch((e: unknown) => deps.log.warn("storing embedding cache entries failed", { error: String(e) })),
        );
        return res;
      },
      abandon() {},
    };
  },
};
