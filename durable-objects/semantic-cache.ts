import { DurableObject } from "cloudflare:workers";
import { topMatches } from "../src/cache/cosine.js";

const SCHEMA = [
  // One row per stored answer of this scope: `key` (in `namespace`) points at the response cache's entry.
  `CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    model_group TEXT NOT NULL,
    params_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    created_at INTEGER NOT NULL
  )`,
  "CREATE INDEX IF NOT EXISTS entries_partition ON entries (params_hash, model_group)",
];

/** What a query asks (the scope is the object itself). */
export interface SemanticObjectQuery {
  modelGroup: string;
  paramsHash: string;
  vector: number[];
  threshold: number;
  topK: number;
}

export interface SemanticObjectRecord {
  namespace: string;
  key: string;
  modelGroup: string;
  paramsHash: string;
  vector: number[];
  createdAt: number;
}

interface Row extends Record<string, SqlStorageValue> {
  namespace: string;
  key: string;
  vector: ArrayBuffer;
}

/**
 * The semantic cache index of one scope (named by it), where Vectorize is not bound (local runs,
 * tests): SQLite rows of (partition, vector), brute-force cosine over the rows of the query's
 * partition (src/cache/cosine.ts), at most `maxEntries` rows, the oldest evicted first.
 */
export class SemanticCacheObject extends DurableObject {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    for (const s of SCHEMA) ctx.storage.sql.exec(s);
  }

  query(q: SemanticObjectQuery): Array<{ namespace: string; key: string; score: number }> {
    const rows = this.ctx.storage.sql
      .exec<Row>(
        "SELECT namespace, key, vector FROM entries WHERE params_hash = ? AND model_group = ?",
        q.paramsHash,
        q.modelGroup,
      )
      .toArray()
      .map((r) => ({ namespace: r.namespace, key: r.key, vector: new Float32Array(r.vector) }));
    return topMatches(rows, q.vector, q).map((m) => ({ namespace: m.item.namespace, key: m.item.key, score: m.score }));
  }

  upsert(r: SemanticObjectRecord, maxEntries: number): void {
    const sql = this.ctx.storage.sql;
    const id = `${r.namespace}/${r.key}`;
    this.ctx.storage.transactionSync(() => {
      sql.exec("DELETE FROM entries WHERE id = ?", id);
      sql.exec(
        "INSERT INTO entries (id, namespace, key, model_group, params_hash, vector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        id,
        r.namespace,
        r.key,
        r.modelGroup,
        r.paramsHash,
        new Float32Array(r.vector).buffer,
        r.createdAt,
      );
      const over = (sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM entries").one().n as number) - maxEntries;
      if (over > 0) sql.exec("DELETE FROM entries WHERE seq IN (SELECT seq FROM entries ORDER BY seq LIMIT ?)", over);
    });
  }

  forget(entries: Array<{ namespace: string; key: string }>): void {
    for (const e of entries) this.ctx.storage.sql.exec("DELETE FROM entries WHERE id = ?", `${e.namespace}/${e.key}`);
  }

  /** Rows held (ops and tests). */
  count(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM entries").one().n as number;
  }
}
