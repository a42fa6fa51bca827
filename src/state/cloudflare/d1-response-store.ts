import { z } from "zod";
import { itemList, pageItems } from "../../responses/input-items.js";
import { Item } from "../../responses/items.js";
import { ResponseObject } from "../../responses/response.js";
import type { ItemPage, ResponseStore, StoredResponse } from "../../responses/store.js";
import { itemBodyKey, ResponseBodies, responseBodyKey } from "./response-bodies.js";

const HeadRow = z.object({
  id: z.string(),
  owner: z.string(),
  deployment_id: z.string(),
  native: z.number(),
  created_at: z.number(),
  expires_at: z.number(),
  body: z.string().nullable(),
  body_key: z.string().nullable(),
});
type HeadRow = z.infer<typeof HeadRow>;
const ItemRow = z.object({
  response_id: z.string(),
  seq: z.number(),
  item_id: z.string(),
  body: z.string().nullable(),
  body_key: z.string().nullable(),
});
type ItemRow = z.infer<typeof ItemRow>;
const KeyRow = z.object({ key: z.string() });

const HEAD_COLS = "id, owner, deployment_id, native, created_at, expires_at, body, body_key";
const ITEM_COLS = "response_id, seq, item_id, body, body_key";
/** The responses of a conversation: ?1 id, ?2 owner, ?3 now, ?4 max depth. */
const CHAIN = `WITH RECURSIVE chain(id, prev, depth) AS (
  SELECT id, previous_response_id, 0 FROM responses WHERE id = ?1 AND owner = ?2 AND expires_at > ?3
  UNION ALL
  SELECT r.id, r.previous_response_id, c.depth + 1 FROM responses r JOIN chain c ON r.id = c.prev
  WHERE r.owner = ?2 AND r.expires_at > ?3 AND c.depth + 1 < ?4)`;
/** R2 keys of a set of responses given as a JSON array in ?1. */
const KEYS_OF = `SELECT body_key AS key FROM responses WHERE id IN (SELECT value FROM json_each(?1)) AND body_key IS NOT NULL
  UNION ALL SELECT body_key AS key FROM response_items WHERE response_id IN (SELECT value FROM json_each(?1)) AND body_key IS NOT NULL`;
/** Item rows inserted from one JSON array (?2) per statement: a few statements for any number of items. */
const INSERT_ITEMS = `INSERT INTO response_items (${ITEM_COLS})
  SELECT ?1, value ->> '$.s', value ->> '$.i', value ->> '$.b', value ->> '$.k' FROM json_each(?2)`;
/** Bytes of item rows per insert, well below D1's 2 MB per bound value. */
const INSERT_BATCH_BYTES = 1_000_000;
const EXPIRE_BATCH = 200;
/** Batches per cleanup run (D1 allows 1,000 queries per invocation); the next run goes on. */
const EXPIRE_ROUNDS = 100;

/**
 * Stored responses in D1 (the index and small bodies) and R2 (large bodies; see response-bodies.ts).
 * Every read is one D1 batch (one round trip) plus R2 reads, in parallel, for large bodies only.
 */
export class D1ResponseStore implements ResponseStore {
  private readonly bodies: ResponseBodies;
  private readonly now: () => number;

  constructor(
    private readonly db: D1Database,
    opts: { bucket?: R2Bucket; now: () => number; inlineLimit?: number },
  ) {
    this.bodies = new ResponseBodies(opts.bucket, opts.inlineLimit);
    this.now = opts.now;
  }

  async put(rec: StoredResponse): Promise<void> {
    const head = await this.bodies.place(responseBodyKey(rec.id), JSON.stringify(rec.response));
    const items = await Promise.all(
      rec.inputItems.map((item, seq) => this.bodies.place(itemBodyKey(rec.id, seq), JSON.stringify(item))),
    );
    const ids = JSON.stringify([rec.id]);
    const [old] = await this.db.batch([
      this.db.prepare(KEYS_OF).bind(ids),
      this.db.prepare("DELETE FROM response_items WHERE response_id = ?").bind(rec.id),
      this.db
        .prepare(
          `INSERT OR REPLACE INTO responses (${HEAD_COLS}, previous_response_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          rec.id,
          rec.owner,
          rec.origin.deploymentId,
          rec.origin.native ? 1 : 0,
          rec.createdAt,
          rec.expiresAt,
          head.body,
          head.key,
          rec.response.previous_response_id ?? null,
        ),
      ...itemRowBatches(items.map((b, seq) => ({ s: seq, i: rec.inputItems[seq]!.id ?? "", b: b.body, k: b.key }))).map(
        (rows) => this.db.prepare(INSERT_ITEMS).bind(rec.id, JSON.stringify(rows)),
      ),
    ]);
    // A replaced response may have left large bodies that its new version keeps inline.
    const kept = new Set([head.key, ...items.map((b) => b.key)]);
    await this.bodies.remove(keysOf(old?.results).filter((k) => !kept.has(k)));
  }

  async get(owner: string, id: string): Promise<StoredResponse | undefined> {
    const [heads, items] = await this.db.batch([
      this.db
        .prepare(`SELECT ${HEAD_COLS} FROM responses WHERE id = ? AND owner = ? AND expires_at > ?`)
        .bind(id, owner, this.now()),
      this.db.prepare(`SELECT ${ITEM_COLS} FROM response_items WHERE response_id = ? ORDER BY seq`).bind(id),
    ]);
    const head = rows(HeadRow, heads?.results)[0];
    return head && this.assemble(head, rows(ItemRow, items?.results));
  }

  async delete(owner: string, id: string): Promise<boolean> {
    const head = await this.db
      .prepare("SELECT id FROM responses WHERE id = ? AND owner = ? AND expires_at > ?")
      .bind(id, owner, this.now())
      .first();
    if (!head) return false;
    await this.removeAll([id]);
    return true;
  }

  async listInputItems(owner: string, id: string, page: ItemPage) {
    const [heads, items] = await this.db.batch([
      this.db
        .prepare("SELECT id FROM responses WHERE id = ? AND owner = ? AND expires_at > ?")
        .bind(id, owner, this.now()),
      this.db.prepare(`SELECT ${ITEM_COLS} FROM response_items WHERE response_id = ? ORDER BY seq`).bind(id),
    ]);
    if (!heads?.results.length) return undefined;
    const all = rows(ItemRow, items?.results).map((r) => ({ ...r, id: r.item_id }));
    const { data, hasMore } = pageItems(all, page);
    return itemList(await Promise.all(data.map((r) => this.loadItem(r))), hasMore);
  }

  async chain(owner: string, id: string, opts: { maxDepth: number }): Promise<StoredResponse[] | undefined> {
    const args = [id, owner, this.now(), opts.maxDepth] as const;
    const [heads, items] = await this.db.batch([
      this.db
        .prepare(
          `${CHAIN} SELECT ${HEAD_COLS.split(", ")
            .map((c) => `r.${c}`)
            .join(", ")} FROM chain c JOIN responses r ON r.id = c.id ORDER BY c.depth DESC`,
        )
        .bind(...args),
      this.db
        .prepare(
          `${CHAIN} SELECT ${ITEM_COLS.split(", ")
            .map((c) => `i.${c}`)
            .join(", ")} FROM chain c JOIN response_items i ON i.response_id = c.id ORDER BY c.depth DESC, i.seq`,
        )
        .bind(...args),
    ]);
    const headRows = rows(HeadRow, heads?.results);
    if (!headRows.length) return undefined;
    const itemRows = rows(ItemRow, items?.results);
    return Promise.all(
      headRows.map((h) =>
        this.assemble(
          h,
          itemRows.filter((i) => i.response_id === h.id),
        ),
      ),
    );
  }

  async expire(now: number): Promise<number> {
    let total = 0;
    for (let round = 0; round < EXPIRE_ROUNDS; round++) {
      const expired = await this.db
        .prepare("SELECT id FROM responses WHERE expires_at <= ? ORDER BY expires_at LIMIT ?")
        .bind(now, EXPIRE_BATCH)
        .all<{ id: string }>();
      const ids = expired.results.map((r) => r.id);
      if (ids.length) await this.removeAll(ids);
      total += ids.length;
      if (ids.length < EXPIRE_BATCH) break;
    }
    return total;
  }

  /** R2 objects first, then the rows: a failure leaves rows to retry, never objects nothing points to. */
  private async removeAll(ids: string[]): Promise<void> {
    const list = JSON.stringify(ids);
    const keys = await this.db.prepare(KEYS_OF).bind(list).all();
    await this.bodies.remove(keysOf(keys.results));
    await this.db.batch([
      this.db.prepare("DELETE FROM response_items WHERE response_id IN (SELECT value FROM json_each(?))").bind(list),
      this.db.prepare("DELETE FROM responses WHERE id IN (SELECT value FROM json_each(?))").bind(list),
    ]);
  }

  private async assemble(head: HeadRow, items: ItemRow[]): Promise<StoredResponse> {
    const [response, inputItems] = await Promise.all([
      this.bodies.load({ body: head.body, key: head.body_key }).then((t) => ResponseObject.parse(JSON.parse(t))),
      Promise.all(items.map((r) => this.loadItem(r))),
    ]);
    return {
      id: head.id,
      owner: head.owner,
      response,
      inputItems,
      origin: { deploymentId: head.deployment_id, native: head.native === 1 },
      createdAt: head.created_at,
      expiresAt: head.expires_at,
    };
  }

  private async loadItem(row: ItemRow): Promise<Item> {
    const text = await this.bodies.load({ body: row.body, key: row.body_key });
    return Item.parse(JSON.parse(text));
  }
}

function rows<T>(schema: z.ZodType<T>, results: unknown[] | undefined): T[] {
  return (results ?? []).map((r) => schema.parse(r));
}

interface ItemRowIn {
  s: number;
  i: string;
  b: string | null;
  k: string | null;
}

function itemRowBatches(rows: ItemRowIn[]): ItemRowIn[][] {
  const out: ItemRowIn[][] = [];
  let batch: ItemRowIn[] = [];
  let bytes = 0;
  for (const r of rows) {
    const size = (r.b?.length ?? 0) * 3 + 200;
    if (batch.length && bytes + size > INSERT_BATCH_BYTES) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(r);
    bytes += size;
  }
  if (batch.length) out.push(batch);
  return out;
}

function keysOf(results: unknown[] | undefined): string[] {
  return rows(KeyRow, results).map((r) => r.key);
}
