import type { ChatCompletion, ChatCompletionChunk } from "../../openai/chat-response.js";
import type { ProviderContext } from "../provider.js";
import { parseUpstreamAs } from "../shared/json.js";
import { nowSeconds } from "../shared/chunks.js";
import { UpstreamChunk, UpstreamCompletion } from "./api.js";
import { isPlainChunk, isPlainCompletion } from "./fast-shape.js";

/** OpenAI-style body is already the answer; fill only what a vendor may leave out. */
export function toCompletion(ctx: ProviderContext, body: unknown, provider: string): ChatCompletion {
  if (!isPlainCompletion(body)) parseUpstreamAs(UpstreamCompletion, body, provider);
  const b = body as Record<string, unknown>; // validated above; returned as sent, field order kept
  b.id ??= ctx.requestId;
  b.object = "chat.completion";
  b.created ??= nowSeconds(ctx.now);
  b.model ??= ctx.deployment.model;
  return b as ChatCompletion;
}

export function toChunk(ctx: ProviderContext, value: unknown, provider: string): ChatCompletionChunk {
  if (!isPlainChunk(value)) parseUpstreamAs(UpstreamChunk, value, provider);
  const c = value as Record<string, unknown>;
  c.id ??= ctx.requestId;
  c.object = "chat.completion.chunk";
  c.created ??= nowSeconds(ctx.now);
  c.model ??= ctx.deployment.model;
  c.choices ??= [];
  return c as ChatCompletionChunk;
}
