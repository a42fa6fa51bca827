import { BadRequestError } from "../errors/gateway-error.js";
import type { MessageContent } from "./content.js";
import { isKnownItem, type Item, type MessageItem } from "./items.js";
import type { ItemList } from "./response.js";
import type { ItemPage } from "./store.js";

const ID_PREFIX: Readonly<Record<string, string>> = {
  message: "msg",
  function_call: "fc",
  function_call_output: "fco",
  reasoning: "rs",
};

/**
 * A request's `input` as the items the gateway stores and lists: a string becomes one user message,
 * message text becomes parts (`input_text`, or `output_text` for the assistant), and every item gets an
 * id (the client's own when it sent one).
 */
export function inputItemsOf(input: string | Item[] | undefined, id: (prefix: string) => string): Item[] {
  if (input === undefined) return [];
  if (typeof input === "string")
    return [{ type: "message", id: id("msg"), role: "user", content: [{ type: "input_text", text: input }] }];
  return input.map((item) => {
    const withContent = isKnownItem(item) && item.type === "message" ? withParts(item) : item;
    return withContent.id ? withContent : { ...withContent, id: id(ID_PREFIX[item.type] ?? "item") };
  });
}

function withParts(m: MessageItem): MessageItem {
  if (typeof m.content !== "string") return m;
  const part: MessageContent =
    m.role === "assistant"
      ? { type: "output_text", text: m.content, annotations: [] }
      : { type: "input_text", text: m.content };
  return { ...m, content: [part] };
}

/** One page of items in the requested order, starting after the item `after` (none when it is not there). */
export function pageItems<T extends { id?: string | null }>(
  items: readonly T[],
  page: ItemPage,
): { data: T[]; hasMore: boolean } {
  const ordered = page.order === "desc" ? [...items].reverse() : [...items];
  let start = 0;
  if (page.after !== undefined) {
    const i = ordered.findIndex((it) => it.id === page.after);
    start = i < 0 ? ordered.length : i + 1;
  }
  const data = ordered.slice(start, start + page.limit);
  return { data, hasMore: start + page.limit < ordered.length };
}

export function itemList(data: Item[], hasMore: boolean): ItemList {
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: hasMore,
  };
}

/** `?after=&limit=&order=` of GET /v1/responses/{id}/input_items (OpenAI's defaults: 20, desc). */
export function parseItemPage(query: URLSearchParams): ItemPage {
  const limitText = query.get("limit");
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new BadRequestError(`limit must be an integer from 1 to 100, got "${limitText}"`, {
      param: "limit",
      code: "invalid_request",
    });
  const order = query.get("order") ?? "desc";
  if (order !== "asc" && order !== "desc")
    throw new BadRequestError(`order must be "asc" or "desc", got "${order}"`, {
      param: "order",
      code: "invalid_request",
    });
  const after = query.get("after");
  return after ? { after, limit, order } : { limit, order };
}
