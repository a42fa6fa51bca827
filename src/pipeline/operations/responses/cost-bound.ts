import { costUpperBound, MEDIA_PART_TOKENS, utf8Length } from "../../../accounting/estimate.js";
import { lookupPrice } from "../../../accounting/prices.js";
import type { ChatCompletionRequest } from "../../../openai/chat-request.js";
import type { Deployment } from "../../../providers/deployment.js";
import { isKnownItem, type Item } from "../../../responses/items.js";
import type { ResponseCreateRequest } from "../../../responses/request.js";

const MEDIA = new Set(["input_image", "input_file"]);

/**
 * What a Responses request can cost at most, priced as the chat request it becomes: prompt tokens ≤ the
 * body's bytes plus an allowance per image or file and for tools, output ≤ `max_output_tokens` (else the
 * deployment's maximum). The stored conversation a `previous_response_id` adds is loaded alongside
 * admission, so it is not in the bound; the spend that settles the request counts it.
 */
export function responsesCostBound(
  r: ResponseCreateRequest,
  deployments: readonly Deployment[],
  bodyText: string,
): number {
  const asChat: ChatCompletionRequest = { model: r.model, messages: [] };
  if (r.max_output_tokens != null) asChat.max_completion_tokens = r.max_output_tokens;
  if (r.tools?.length) asChat.tools = [{ type: "function", function: { name: "tools" } }];
  return costUpperBound({
    bodyBytes: utf8Length(bodyText) + mediaParts(r.input) * MEDIA_PART_TOKENS,
    request: asChat,
    deployments,
    lookup: lookupPrice,
  });
}

function mediaParts(input: string | Item[] | undefined): number {
  if (!Array.isArray(input)) return 0;
  let n = 0;
  for (const item of input) {
    if (!isKnownItem(item)) continue;
    const parts = item.type === "message" ? item.content : item.type === "function_call_output" ? item.output : "";
    if (Array.isArray(parts)) for (const p of parts) if (MEDIA.has(p.type)) n++;
  }
  return n;
}
