import type { Item } from "./items.js";
import type { ResponseCreateRequest } from "./request.js";
import type { ResponseObject } from "./response.js";
import { expiresAt } from "./retention.js";
import type { StoredResponse } from "./store.js";

/**
 * The record to store for one answered request, or nothing when the client asked for `store: false`
 * (OpenAI's default is to store). A response that is still running (queued, in progress) is stored as
 * well; it is replaced when it ends.
 */
export function storedResponseOf(opts: {
  request: ResponseCreateRequest;
  owner: string;
  response: ResponseObject;
  inputItems: Item[];
  origin: StoredResponse["origin"];
  /** Epoch ms. */
  now: number;
  retentionDays: number | undefined;
}): StoredResponse | undefined {
  if (opts.request.store === false) return undefined;
  return {
    id: opts.response.id,
    owner: opts.owner,
    // A native deployment that got the conversation inlined answers without it; the record keeps the link.
    response: { ...opts.response, previous_response_id: opts.request.previous_response_id ?? null },
    inputItems: opts.inputItems,
    origin: opts.origin,
    createdAt: opts.now,
    expiresAt: expiresAt(opts.now, opts.retentionDays),
  };
}
