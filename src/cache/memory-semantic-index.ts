import { topMatches } from "./cosine.js";
import type { SemanticIndex, SemanticMatch, SemanticQuery, SemanticRecord } from "./semantic-index.js";

/** The semantic index in memory (library mode): per scope, brute-force cosine, oldest evicted first. */
export class MemorySemanticIndex implements SemanticIndex {
  readonly kind = "memory" as const;
  /** scope → entries by `namespace/key`, in insertion order (oldest first). */
  private readonly scopes = new Map<string, Map<string, SemanticRecord>>();

  async query(q: SemanticQuery): Promise<SemanticMatch[]> {
    const entries = this.scopes.get(q.scope);
    if (!entries) return [];
    const candidates = [...entries.values()].filter(
      (e) => e.modelGroup === q.modelGroup && e.paramsHash === q.paramsHash,
    );
    return topMatches(candidates, q.vector, q).map((m) => ({
      namespace: m.item.namespace,
      key: m.item.key,
      score: m.score,
    }));
  }

  async upsert(r: SemanticRecord, opts: { maxEntriesPerScope: number }): Promise<void> {
    let entries = this.scopes.get(r.scope);
    if (!entries) {
      entries = new Map();
      this.scopes.set(r.scope, entries);
    }
    const id = `${r.namespace}/${r.key}`;
    entries.delete(id);
    entries.set(id, { ...r, vector: [...r.vector] });
    while (entries.size > opts.maxEntriesPerScope) entries.delete(entries.keys().next().value!);
  }

  async forget(scope: string, entries: ReadonlyArray<{ namespace: string; key: string }>): Promise<void> {
    const held = this.scopes.get(scope);
    for (const e of entries) held?.delete(`${e.namespace}/${e.key}`);
  }
}
