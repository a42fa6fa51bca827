import { BadRequestError, type GatewayError, NotFoundError } from "../errors/gateway-error.js";
import type { Item } from "./items.js";
import { MAX_CHAIN_DEPTH, type ResponseStore, type StoredResponse } from "./store.js";

/**
 * The stored conversation a request continues (`previous_response_id`), oldest response first; empty
 * when the request starts a new one. Not found for this owner (never stored, expired, deleted, or another
 * team's) is a 404, on every deployment: an id the gateway does not know is never passed upstream, where
 * one OpenAI account could hold every team's responses.
 */
export async function loadConversation(opts: {
  store: ResponseStore | undefined;
  owner: string;
  previousResponseId: string | null | undefined;
}): Promise<StoredResponse[]> {
  const id = opts.previousResponseId;
  if (!id) return [];
  if (!opts.store)
    throw new BadRequestError("previous_response_id needs the gateway's response storage, which is not configured", {
      param: "previous_response_id",
      code: "response_storage_unavailable",
    });
  const chain = await opts.store.chain(opts.owner, id, { maxDepth: MAX_CHAIN_DEPTH });
  if (!chain) throw responseNotFound(id, "previous_response_id");
  return chain;
}

/** A conversation's items in order: each response's input items, then its output items. */
export function conversationItems(chain: readonly StoredResponse[]): Item[] {
  return chain.flatMap((r) => [...r.inputItems, ...r.response.output]);
}

/** 404 for a response id this owner has not stored (or that expired, or that another owner stored). */
export function responseNotFound(id: string, param = "response_id"): GatewayError {
  return new NotFoundError(`No response found with id '${id}'.`, { param, code: "not_found" });
}
