import type { ChatCompletion, ChatCompletionChunk } from "../../openai/chat-response.js";
import type { ProviderContext } from "../provider.js";
import { parseUpstreamAs } from "../shared/json.js";
import { nowSeconds } from "../shared/chunks.js";
import { UpstreamChunk, UpstreamCompletion } from "./api.js";

/** OpenAI-style body is already the answer; fill only what a vendor may leave out. */
export function toCompletion(ctx: ProviderContext, body: unknown, provider: string): ChatCompletion {
  const b = parseUpstreamAs(UpstreamCompletion, body, provider) as Record<string, unknown>;
  b.id ??= ctx.requestId;
  b.object = "chat.completion";
  b.created ??= nowSeconds(ctx.now);
  b.model ??= ctx.deployment.model;
  return b as ChatCompletion;
}

export function toChunk(ctx: ProviderContext, value: unknown, provider: string): ChatCompletionChunk {
  const c = parseUpstreamAs(UpstreamChunk, value, provider) as Record<string, unknown>;
  c.id ??= ctx.requestId;
  c.object = "chat.completion.chunk";
  c.created ??= nowSeconds(ctx.now);
  c.model ??= ctx.deployment.model;
  c.choices ??= [];
  return c as ChatCompletionChunk;
}
