import { z } from "zod";
import type { SemanticIndex, SemanticMatch, SemanticQuery, SemanticRecord } from "../../cache/semantic-index.js";
import { sha256Hex } from "../../cache/sha256-hex.js";

/** Vectorize returns at most 20 matches when it returns metadata. */
const MAX_TOP_K_WITH_METADATA = 20;

const MatchMetadata = z.looseObject({ namespace: z.string(), key: z.string() });

/**
 * The semantic index in Vectorize (binding SEMANTIC_INDEX; an index created with the embedding
 * model's dimensions and `--metric cosine`, so scores are cosine similarities). Each vector's
 * metadata carries `scope` (SHA-256 of the scope label: a key-scoped label is longer than the 64
 * bytes Vectorize indexes), `model_group` and `params_hash`, and every query filters on all three,
 * so only the same tenant's requests with the same tools and parameters are candidates. Those
 * three need metadata indexes, created before the first insert:
 *
 *   wrangler vectorize create-metadata-index <index> --property-name scope --type string
 *   (and the same for model_group and params_hash)
 *
 * `namespace` and `key` (the response cache entry) come back with `returnMetadata: "all"`. Vector
 * ids are SHA-256 of namespace/key (64 hex characters, Vectorize's id limit). Inserts are
 * asynchronous in Vectorize: an answer becomes findable a few seconds after it was stored. Entries
 * are not counted per scope (Vectorize has no cheap per-scope count); stale ones are removed when a
 * lookup finds their answers gone.
 */
export class VectorizeSemanticIndex implements SemanticIndex {
  readonly kind = "vectorize" as const;

  constructor(private readonly index: Pick<Vectorize, "query" | "upsert" | "deleteByIds">) {}

  async query(q: SemanticQuery): Promise<SemanticMatch[]> {
    const res = await this.index.query(q.vector, {
      topK: Math.min(q.topK, MAX_TOP_K_WITH_METADATA),
      returnMetadata: "all",
      filter: { scope: await sha256Hex(q.scope), model_group: q.modelGroup, params_hash: q.paramsHash },
    });
    const out: SemanticMatch[] = [];
    for (const m of res.matches) {
      if (m.score < q.threshold) continue;
      const meta = MatchMetadata.safeParse(m.metadata);
      if (meta.success) out.push({ namespace: meta.data.namespace, key: meta.data.key, score: m.score });
    }
    return out.sort((a, b) => b.score - a.score);
  }

  async upsert(r: SemanticRecord): Promise<void> {
    await this.index.upsert([
      {
        id: await vectorId(r),
        values: r.vector,
        metadata: {
          scope: await sha256Hex(r.scope),
          model_group: r.modelGroup,
          params_hash: r.paramsHash,
          namespace: r.namespace,
          key: r.key,
          created_at: r.createdAt,
        },
      },
    ]);
  }

  async forget(_scope: string, entries: ReadonlyArray<{ namespace: string; key: string }>): Promise<void> {
    if (entries.length) await this.index.deleteByIds(await Promise.all(entries.map(vectorId)));
  }
}

const vectorId = (e: { namespace: string; key: string }) => sha256Hex(`${e.namespace}/${e.key}`);
