import type { SemanticCacheObject } from "../../../durable-objects/semantic-cache.js";
import type { SemanticIndex, SemanticMatch, SemanticQuery, SemanticRecord } from "../../cache/semantic-index.js";

/** The semantic index in one SemanticCacheObject per scope (SQLite, brute-force cosine; RPC). */
export class DurableSemanticIndex implements SemanticIndex {
  readonly kind = "durable_object" as const;

  constructor(private readonly ns: DurableObjectNamespace<SemanticCacheObject>) {}

  private stub(scope: string): DurableObjectStub<SemanticCacheObject> {
    return this.ns.get(this.ns.idFromName(scope));
  }

  async query(q: SemanticQuery): Promise<SemanticMatch[]> {
    return (await this.stub(q.scope).query({
      modelGroup: q.modelGroup,
      paramsHash: q.paramsHash,
      vector: q.vector,
      threshold: q.threshold,
      topK: q.topK,
    })) as SemanticMatch[];
  }

  async upsert(r: SemanticRecord, opts: { maxEntriesPerScope: number }): Promise<void> {
    await this.stub(r.scope).upsert(
      {
        namespace: r.namespace,
        key: r.key,
        modelGroup: r.modelGroup,
        paramsHash: r.paramsHash,
        vector: r.vector,
        createdAt: r.createdAt,
      },
      opts.maxEntriesPerScope,
    );
  }

  async forget(scope: string, entries: ReadonlyArray<{ namespace: string; key: string }>): Promise<void> {
    if (entries.length) await this.stub(scope).forget(entries.map((e) => ({ namespace: e.namespace, key: e.key })));
  }
}
