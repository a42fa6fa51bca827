import type { CacheEntry } from "../../cache/cache-entry.js";
import { statusWithoutHit } from "../../cache/cache-plan.js";
import type { CacheLookup, RequestCache } from "../../cache/request-cache.js";
import type { CacheOpenContext } from "./operation-cache.js";
import { SemanticEmbeddingFailed } from "./semantic-embed.js";

/** The request that leads its key in this isolate: it shares its entry, or releases the others. */
export type Leader = { share(entry: CacheEntry): void; release(): void };

/**
 * The exact (then semantic) lookup, then coalescing: a miss that looks up leads its key, or waits
 * for an identical request of this isolate already in flight and is answered by its entry. A
 * semantic lookup whose embedding failed leaves the exact cache's answer (a miss).
 */
export async function lookUp<Req, Out>(
  rc: RequestCache,
  ctx: CacheOpenContext<Req, Out>,
): Promise<{ lookup: CacheLookup; lead?: Leader }> {
  let lookup: CacheLookup;
  try {
    lookup = await rc.lookup({ embed: ctx.embed });
  } catch (e) {
    if (!(e instanceof SemanticEmbeddingFailed)) throw e;
    lookup = { status: statusWithoutHit(rc.plan) };
  }
  if (lookup.status !== "MISS") return { lookup };
  const joined = rc.join();
  if (joined?.role === "leader") return { lookup, lead: joined };
  const entry = joined && (await joined.answer);
  if (!entry) return { lookup };
  return { lookup: { status: "HIT", entry, key: rc.key, ageMs: Math.max(0, ctx.deps.now() - entry.created_at) } };
}
