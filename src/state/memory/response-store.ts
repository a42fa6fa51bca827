import { itemList, pageItems } from "../../responses/input-items.js";
import type { ItemPage, ResponseStore, StoredResponse } from "../../responses/store.js";

/** Stored responses in a Map (library mode, unit tests). Records are copied in and out, as a database would. */
export class MemoryResponseStore implements ResponseStore {
  private readonly rows = new Map<string, StoredResponse>();
  private readonly now: () => number;

  constructor(opts: { now: () => number }) {
    this.now = opts.now;
  }

  async put(rec: StoredResponse): Promise<void> {
    this.rows.set(rec.id, structuredClone(rec));
  }

  async get(owner: string, id: string): Promise<StoredResponse | undefined> {
    const r = this.visible(owner, id);
    return r && structuredClone(r);
  }

  async delete(owner: string, id: string): Promise<boolean> {
    return this.visible(owner, id) !== undefined && this.rows.delete(id);
  }

  async listInputItems(owner: string, id: string, page: ItemPage) {
    const r = this.visible(owner, id);
    if (!r) return undefined;
    const { data, hasMore } = pageItems(r.inputItems, page);
    return itemList(structuredClone(data), hasMore);
  }

  async chain(owner: string, id: string, opts: { maxDepth: number }): Promise<StoredResponse[] | undefined> {
    const out: StoredResponse[] = [];
    let next: string | null | undefined = id;
    while (next && out.length < opts.maxDepth) {
      const r = this.visible(owner, next);
      if (!r) break;
      out.push(structuredClone(r));
      next = r.response.previous_response_id;
    }
    return out.length ? out.reverse() : undefined;
  }

  async expire(now: number): Promise<number> {
    let n = 0;
    for (const [id, r] of this.rows)
      if (r.expiresAt <= now) {
        this.rows.delete(id);
        n++;
      }
    return n;
  }

  private visible(owner: string, id: string): StoredResponse | undefined {
    const r = this.rows.get(id);
    return r && r.owner === owner && r.expiresAt > this.now() ? r : undefined;
  }
}
