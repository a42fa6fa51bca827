import type { AssistantMessage, ChatCompletion, FinishReason, Usage } from "../../openai/chat-response.js";
import type { ProviderContext } from "../provider.js";
import { nowSeconds } from "./chunks.js";

/**
 * A one-choice chat.completion made at ctx.now(): id is the gateway's unless the vendor's is given,
 * model the deployment's unless the vendor reports one; usage only when there is some.
 */
export function makeCompletion(
  ctx: ProviderContext,
  opts: {
    id?: string;
    model?: string | null;
    message: AssistantMessage;
    finishReason: FinishReason | null;
    usage?: Usage | undefined;
  },
): ChatCompletion {
  const completion: ChatCompletion = {
    id: opts.id ?? ctx.requestId,
    object: "chat.completion",
    created: nowSeconds(ctx.now),
    model: opts.model ?? ctx.deployment.model,
    choices: [{ index: 0, message: opts.message, finish_reason: opts.finishReason }],
  };
  if (opts.usage) completion.usage = opts.usage;
  return completion;
}
