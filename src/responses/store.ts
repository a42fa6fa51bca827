import type { Item } from "./items.js";
import type { ItemList, ResponseObject } from "./response.js";

/**
 * Stored responses: what the gateway keeps so that `previous_response_id` can continue a conversation on
 * any deployment, and so that GET / DELETE / input_items work. Every call is scoped by an owner
 * (src/responses/owner.ts): a response another owner stored is "not found", never "forbidden".
 * Expired responses are not found either, whether or not the cleanup has run yet.
 * Implementations: state/memory/response-store.ts (library, unit tests), state/cloudflare/d1-response-store.ts.
 */
export interface ResponseStore {
  /** Store (or replace) one response with its input items. */
  put(rec: StoredResponse): Promise<void>;
  get(owner: string, id: string): Promise<StoredResponse | undefined>;
  /** False when there was nothing to delete for this owner. */
  delete(owner: string, id: string): Promise<boolean>;
  /** One page of a response's input items; undefined when the response is not found. */
  listInputItems(owner: string, id: string, page: ItemPage): Promise<ItemList | undefined>;
  /**
   * The conversation ending at `id`: that response and its predecessors, oldest first. It stops at a
   * response that is gone (deleted, expired) or after `maxDepth` responses. Undefined when `id` itself
   * is not found.
   */
  chain(owner: string, id: string, opts: { maxDepth: number }): Promise<StoredResponse[] | undefined>;
  /** Delete every response expired at `now` (epoch ms) with its items; returns how many went. */
  expire(now: number): Promise<number>;
}

export interface StoredResponse {
  id: string;
  owner: string;
  /** The Response object as the client received it (output included). */
  response: ResponseObject;
  /** This turn's input items, ids assigned, in order (instructions are not items). */
  inputItems: Item[];
  /** The deployment that answered, and whether it ran the Responses API itself (native path). */
  origin: { deploymentId: string; native: boolean };
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; from `responses_retention_days` at the time it was stored. */
  expiresAt: number;
}

/** A page request of GET /v1/responses/{id}/input_items. */
export interface ItemPage {
  /** Item id to start after (in the page order). */
  after?: string;
  /** 1..100. */
  limit: number;
  order: "asc" | "desc";
}

/** How long a conversation may be when it is replayed (responses, not items). */
export const MAX_CHAIN_DEPTH = 1000;
