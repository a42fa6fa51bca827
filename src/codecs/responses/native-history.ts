import type { MessageContent } from "../../responses/content.js";
import { conversationItems } from "../../responses/conversation.js";
import { isKnownItem, type Item } from "../../responses/items.js";
import type { ResponseCreateRequest } from "../../responses/request.js";
import type { StoredResponse } from "../../responses/store.js";

/**
 * The request a native deployment receives for a continued conversation. When this deployment answered
 * the previous response itself, `previous_response_id` goes up as it is (the upstream holds the whole
 * conversation, inlined turns included). Otherwise the conversation crossed deployments (a fallback, a
 * group mixing vendors), and the gateway inlines the stored items before this request's input instead.
 */
export function nativeRequestFor(opts: {
  request: ResponseCreateRequest;
  /** From loadConversation: the stored chain, oldest first; empty for a new conversation. */
  chain: readonly StoredResponse[];
  deploymentId: string;
}): ResponseCreateRequest {
  const { request, chain } = opts;
  const last = chain[chain.length - 1];
  if (!last || (last.origin.native && last.origin.deploymentId === opts.deploymentId)) return request;
  const current: Item[] =
    typeof request.input === "string"
      ? [{ type: "message", role: "user", content: request.input }]
      : [...(request.input ?? [])];
  const inlined = conversationItems(chain).flatMap(replayable);
  const { previous_response_id: _dropped, ...rest } = request;
  return { ...rest, input: [...inlined, ...current] };
}

/**
 * One stored item as an upstream that did not make it can take it: without the ids another deployment
 * (or the gateway) gave it, assistant text as plain text; reasoning is left out (its encrypted content
 * only means something to the deployment that made it). Other OpenAI items are kept as they are.
 */
function replayable(item: Item): Item[] {
  if (!isKnownItem(item)) return [item];
  switch (item.type) {
    case "reasoning":
      return [];
    case "message":
      return [
        item.role === "assistant"
          ? { type: "message", role: "assistant", content: assistantText(item.content) }
          : { type: "message", role: item.role, content: item.content },
      ];
    case "function_call":
      return [{ type: "function_call", call_id: item.call_id, name: item.name, arguments: item.arguments }];
    case "function_call_output":
      return [{ type: "function_call_output", call_id: item.call_id, output: item.output }];
  }
}

function assistantText(content: string | MessageContent[]): string {
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "output_text" ? p.text : p.type === "refusal" ? p.refusal : "")).join("");
}
