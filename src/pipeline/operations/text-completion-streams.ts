import type { ChatCompletionChunk, Usage } from "../../openai/chat-response.js";
import type { ChunkSource } from "../../streaming/chunk-source.js";
import { legacyLogprobs, type PartShape, summedUsage } from "./text-completion-render.js";

/** One streamed part: the chunks already read (the attempt's head) and the rest of its stream. */
export interface StreamPart {
  head: ChatCompletionChunk[];
  source: ChunkSource;
  shape: PartShape;
}

/**
 * The parts' streams one after the other as one stream: each part's choices moved to their legacy
 * index, the echoed prompt put before each choice's first text, chat logprobs turned legacy (with
 * running text offsets), and usage held back and sent once, summed, as the last chunk.
 */
export function joinedSource(parts: StreamPart[]): ChunkSource {
  let at = 0;
  let headSent = false;
  const usages: Usage[] = [];
  let last: ChatCompletionChunk | undefined;
  let finished = false;
  /** Per part, per choice index: the text offset reached so far (present once its echo went out). */
  const offsets = new Map<number, number>();

  const rewrite = (c: ChatCompletionChunk, shape: PartShape): ChatCompletionChunk | null => {
    if (c.usage) usages.push(c.usage);
    if (!c.choices.length) return null;
    const choices = c.choices.map((ch) => {
      const index = shape.indexBase + ch.index;
      let content = ch.delta.content ?? "";
      if (!offsets.has(index)) {
        offsets.set(index, 0);
        if (shape.echo !== null) content = shape.echo + content;
      }
      const offset = offsets.get(index)!;
      offsets.set(index, offset + content.length);
      const logprobs = shape.legacyLogprobs ? legacyLogprobs(ch.logprobs, offset) : (ch.logprobs ?? null);
      return { ...ch, index, delta: { ...ch.delta, content }, logprobs };
    });
    const out: ChatCompletionChunk = { ...c, choices };
    delete out.usage;
    last = out;
    return out;
  };

  return {
    async next() {
      for (;;) {
        if (finished) return null;
        const part = parts[at];
        if (!part) {
          finished = true;
          const usage = summedUsage(usages);
          return usage && last ? [{ ...last, choices: [], usage }] : null;
        }
        const batch = headSent ? await part.source.next() : part.head;
        headSent = true;
        if (batch === null) {
          at++;
          headSent = false;
          continue;
        }
        const out = batch.map((c) => rewrite(c, part.shape)).filter((c): c is ChatCompletionChunk => c !== null);
        if (out.length) return out;
      }
    },
    async cancel(reason) {
      finished = true;
      await Promise.all(parts.slice(at).map((p) => p.source.cancel(reason)));
    },
  };
}
