import type { ChatCompletionChunk } from "../openai/chat-response.js";

/** Pull-based chunk source over an upstream stream; `next()` → null at the end. */
export interface ChunkSource {
  next(): Promise<ChatCompletionChunk[] | null>;
  cancel(reason?: unknown): Promise<void>;
}
