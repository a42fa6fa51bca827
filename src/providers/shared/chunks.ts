import type { ChatCompletionChunk, ChunkDelta, FinishReason, Usage } from "../../openai/chat-response.js";

export interface ChunkHead {
  id: string;
  model: string;
  created: number;
}

/** A one-choice chunk. */
export function makeChunk(
  head: ChunkHead,
  delta: ChunkDelta,
  finishReason: FinishReason | null = null,
  index = 0,
): ChatCompletionChunk {
  return {
    id: head.id,
    object: "chat.completion.chunk",
    created: head.created,
    model: head.model,
    choices: [{ index, delta, finish_reason: finishReason }],
  };
}

/** The usage-only chunk OpenAI sends last when include_usage is set. */
export function makeUsageChunk(head: ChunkHead, usage: Usage): ChatCompletionChunk {
  return { id: head.id, object: "chat.completion.chunk", created: head.created, model: head.model, choices: [], usage };
}

export function makeUsage(
  prompt: number,
  completion: number,
  extra: { cached?: number; cacheWrite?: number; reasoning?: number } = {},
): Usage {
  const u: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (extra.cached !== undefined || extra.cacheWrite !== undefined) {
    u.prompt_tokens_details = {};
    if (extra.cached !== undefined) u.prompt_tokens_details.cached_tokens = extra.cached;
    if (extra.cacheWrite !== undefined) u.prompt_tokens_details.cache_creation_tokens = extra.cacheWrite;
  }
  if (extra.reasoning !== undefined) u.completion_tokens_details = { reasoning_tokens: extra.reasoning };
  return u;
}

export function nowSeconds(now: () => number): number {
  return Math.floor(now() / 1000);
}

/** Makes one stream's chunks; the first it makes opens the message with role "assistant". */
export interface RoleChunker {
  chunk(delta: ChunkDelta, finishReason?: FinishReason | null): ChatCompletionChunk;
  /** Whether the opening chunk has gone out. */
  readonly started: boolean;
  /** For an opening chunk made some other way (a passed-through upstream chunk). */
  markStarted(): void;
}

export function roleChunker(head: ChunkHead): RoleChunker {
  let started = false;
  return {
    chunk(delta, finishReason = null) {
      const d: ChunkDelta = started ? delta : { role: "assistant", ...delta };
      started = true;
      return makeChunk(head, d, finishReason);
    },
    get started() {
      return started;
    },
    markStarted() {
      started = true;
    },
  };
}
