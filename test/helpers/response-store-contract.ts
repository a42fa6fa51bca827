import { describe, expect, it } from "vitest";
import type { Item } from "../../src/responses/items.js";
import type { ResponseObject } from "../../src/responses/response.js";
import type { ResponseStore, StoredResponse } from "../../src/responses/store.js";

export const DAY = 86_400_000;
export const T0 = 1_750_000_000_000;

/** A settable clock for a store under test. */
export interface TestClock {
  now: number;
}

/** A stored response `id` of `owner`, continuing `previous`, with `n` input items. */
export function storedResponse(
  id: string,
  opts: { owner?: string; previous?: string; items?: number; text?: string; createdAt?: number; ttlDays?: number } = {},
): StoredResponse {
  const createdAt = opts.createdAt ?? T0;
  const inputItems: Item[] = Array.from({ length: opts.items ?? 1 }, (_, i) => ({
    type: "message",
    id: `${id}-in-${i}`,
    role: "user",
    content: [{ type: "input_text", text: i === 0 && opts.text ? opts.text : `question ${i} of ${id}` }],
  }));
  const response: ResponseObject = {
    id,
    object: "response",
    created_at: Math.floor(createdAt / 1000),
    status: "completed",
    error: null,
    incomplete_details: null,
    instructions: null,
    model: "group-a",
    output: [
      {
        id: `${id}-out`,
        type: "message",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", annotations: [], text: `answer of ${id}` }],
      },
    ],
    parallel_tool_calls: true,
    previous_response_id: opts.previous ?? null,
    temperature: null,
    tool_choice: "auto",
    tools: [],
    top_p: null,
    metadata: {},
    usage: null,
  };
  return {
    id,
    owner: opts.owner ?? "team:a",
    response,
    inputItems,
    origin: { deploymentId: "d-anthropic", native: false },
    createdAt,
    expiresAt: createdAt + (opts.ttlDays ?? 30) * DAY,
  };
}

/**
 * What every ResponseStore must do, run against one implementation. `make` returns a fresh, empty store
 * reading `clock`.
 */
export function responseStoreContract(name: string, make: (clock: TestClock) => Promise<ResponseStore>): void {
  describe(`${name}: the response store contract`, () => {
    const setup = async () => {
      const clock = { now: T0 + 1000 };
      return { clock, store: await make(clock) };
    };

    it("gives back what was put", async () => {
      const { store } = await setup();
      const rec = storedResponse("resp-1", { items: 2 });
      await store.put(rec);
      expect(await store.get("team:a", "resp-1")).toEqual(rec);
    });

    it("is not found for another owner, in every call", async () => {
      const { store } = await setup();
      await store.put(storedResponse("resp-1"));
      expect(await store.get("team:b", "resp-1")).toBeUndefined();
      expect(await store.delete("team:b", "resp-1")).toBe(false);
      expect(await store.listInputItems("team:b", "resp-1", { limit: 20, order: "asc" })).toBeUndefined();
      expect(await store.chain("team:b", "resp-1", { maxDepth: 10 })).toBeUndefined();
      expect(await store.get("team:a", "resp-1")).toBeDefined();
    });

    it("deletes once", async () => {
      const { store } = await setup();
      await store.put(storedResponse("resp-1"));
      expect(await store.delete("team:a", "resp-1")).toBe(true);
      expect(await store.get("team:a", "resp-1")).toBeUndefined();
      expect(await store.delete("team:a", "resp-1")).toBe(false);
    });

    it("hides an expired response at once and deletes it on expire, keeping the others", async () => {
      const { store, clock } = await setup();
      await store.put(storedResponse("old", { ttlDays: 1 }));
      await store.put(storedResponse("new", { ttlDays: 30 }));
      clock.now = T0 + 2 * DAY;
      expect(await store.get("team:a", "old")).toBeUndefined();
      expect(await store.expire(clock.now)).toBe(1);
      expect(await store.expire(clock.now)).toBe(0);
      expect(await store.get("team:a", "new")).toBeDefined();
    });

    it("replaces a response put again with the same id", async () => {
      const { store } = await setup();
      await store.put(storedResponse("resp-1", { items: 3 }));
      const again = storedResponse("resp-1", { items: 1, text: "edited" });
      await store.put(again);
      expect(await store.get("team:a", "resp-1")).toEqual(again);
    });

    it("returns a conversation oldest first, stopping at a missing link or the depth limit", async () => {
      const { store } = await setup();
      await store.put(storedResponse("r1"));
      await store.put(storedResponse("r2", { previous: "r1" }));
      await store.put(storedResponse("r3", { previous: "r2" }));
      await store.put(storedResponse("other", { owner: "team:b", previous: "r3" }));
      const ids = async (id: string, owner = "team:a", maxDepth = 10) =>
        (await store.chain(owner, id, { maxDepth }))?.map((r) => r.id);
      expect(await ids("r3")).toEqual(["r1", "r2", "r3"]);
      expect(await ids("r2")).toEqual(["r1", "r2"]);
      expect(await ids("r3", "team:a", 2)).toEqual(["r2", "r3"]);
      expect(await ids("other", "team:b")).toEqual(["other"]);
      expect((await store.chain("team:a", "r3", { maxDepth: 10 }))?.[0]).toEqual(storedResponse("r1"));
      await store.delete("team:a", "r2");
      expect(await ids("r3")).toEqual(["r3"]);
      expect(await ids("nope")).toBeUndefined();
    });

    it("pages input items like OpenAI (newest first by default, after, limit, has_more)", async () => {
      const { store } = await setup();
      await store.put(storedResponse("resp-1", { items: 5 }));
      const page = async (p: { after?: string; limit: number; order: "asc" | "desc" }) => {
        const l = await store.listInputItems("team:a", "resp-1", p);
        return l && { ids: l.data.map((i) => i.id), first: l.first_id, last: l.last_id, more: l.has_more };
      };
      expect(await page({ limit: 2, order: "desc" })).toEqual({
        ids: ["resp-1-in-4", "resp-1-in-3"],
        first: "resp-1-in-4",
        last: "resp-1-in-3",
        more: true,
      });
      expect(await page({ after: "resp-1-in-3", limit: 5, order: "desc" })).toMatchObject({
        ids: ["resp-1-in-2", "resp-1-in-1", "resp-1-in-0"],
        more: false,
      });
      expect(await page({ limit: 5, order: "asc" })).toMatchObject({ more: false, first: "resp-1-in-0" });
      expect(await page({ after: "missing", limit: 5, order: "asc" })).toEqual({
        ids: [],
        first: null,
        last: null,
        more: false,
      });
      const full = await store.listInputItems("team:a", "resp-1", { limit: 1, order: "asc" });
      expect(full?.data[0]).toEqual(storedResponse("resp-1", { items: 5 }).inputItems[0]);
    });
  });
}
