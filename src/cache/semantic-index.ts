/**
 * The semantic cache's vector index: which stored answers were for a prompt close to this one.
 * Entries point at exact-cache entries (namespace + key); the answer itself stays in the response
 * cache. Only entries with the same scope, model group and params hash (tools and every other
 * parameter, the namespace too) are candidates. Vectorize on Workers when bound
 * (SEMANTIC_INDEX), else a SQLite Durable Object per scope; a Map in the library.
 */
export interface SemanticQuery {
  scope: string;
  modelGroup: string;
  paramsHash: string;
  vector: number[];
  /** Least cosine similarity that counts. */
  threshold: number;
  /** At most this many matches, best first. */
  topK: number;
}

export interface SemanticMatch {
  namespace: string;
  key: string;
  score: number;
}

export interface SemanticRecord {
  scope: string;
  modelGroup: string;
  paramsHash: string;
  namespace: string;
  /** The exact-cache key of the stored answer. */
  key: string;
  vector: number[];
  /** epoch ms */
  createdAt: number;
}

export interface SemanticIndex {
  readonly kind: "vectorize" | "durable_object" | "memory";
  /** Matches at or above the threshold, best first. */
  query(q: SemanticQuery): Promise<SemanticMatch[]>;
  /** Add (or replace) the entry for `namespace`/`key`; past `maxEntriesPerScope` the scope's oldest go. */
  upsert(r: SemanticRecord, opts: { maxEntriesPerScope: number }): Promise<void>;
  /** Drop entries whose answers are gone from the response cache (expired, deleted, flushed). */
  forget(scope: string, entries: ReadonlyArray<{ namespace: string; key: string }>): Promise<void>;
}
