import { ChatCompletion } from "../../src/openai/chat-response.js";
import type { ChatAdapter, ProviderContext } from "../../src/providers/provider.js";

/** What an adapter makes of a non-stream upstream body; it must be a valid OpenAI chat.completion. */
export function parseCompletion(opts: {
  adapter: Pick<ChatAdapter, "parseResponse">;
  ctx: ProviderContext;
  body: unknown;
}): ChatCompletion {
  const completion = opts.adapter.parseResponse(opts.ctx, opts.body);
  ChatCompletion.parse(completion);
  return completion;
}
