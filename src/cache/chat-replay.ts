import { ChatCompletion, type ChatCompletionChunk } from "../openai/chat-response.js";
import { DONE_BYTES, sseFrame } from "../streaming/encode-sse.js";
import type { CacheEntry } from "./cache-entry.js";

/** A stored entry's chat completion, or undefined when the entry does not hold one. */
export function chatAnswerOf(entry: CacheEntry): ChatCompletion | undefined {
  if (entry.operation !== "chat") return undefined;
  const r = ChatCompletion.safeParse(entry.answer);
  return r.success ? r.data : undefined;
}

/**
 * The chunks a stream of this completion would have sent, in OpenAI's shape: per choice, the role
 * (with empty content), reasoning, content, refusal, one delta per tool call (id, name and all its
 * arguments), then an empty delta with the finish reason. Usage is not in them.
 */
export function chatCompletionChunks(c: ChatCompletion): ChatCompletionChunk[] {
  const head = { id: c.id, object: "chat.completion.chunk" as const, created: c.created, model: c.model };
  const fp = c.system_fingerprint != null ? { system_fingerprint: c.system_fingerprint } : {};
  const chunk = (
    index: number,
    delta: ChatCompletionChunk["choices"][number]["delta"],
    finish: ChatCompletionChunk["choices"][number]["finish_reason"] = null,
    logprobs?: unknown,
  ): ChatCompletionChunk => ({
    ...head,
    ...fp,
    choices: [{ index, delta, finish_reason: finish, ...(logprobs ? { logprobs } : {}) }],
  });
  const out: ChatCompletionChunk[] = [];
  for (const ch of c.choices) {
    const m = ch.message;
    out.push(chunk(ch.index, { role: "assistant", content: "" }));
    if (m.reasoning_content || m.thinking_blocks?.length) {
      const d: ChatCompletionChunk["choices"][number]["delta"] = {};
      if (m.reasoning_content) d.reasoning_content = m.reasoning_content;
      if (m.thinking_blocks?.length) d.thinking_blocks = m.thinking_blocks;
      out.push(chunk(ch.index, d));
    }
    if (m.content) out.push(chunk(ch.index, { content: m.content }, null, ch.logprobs ?? undefined));
    if (m.refusal) out.push(chunk(ch.index, { refusal: m.refusal }));
    (m.tool_calls ?? []).forEach((tc, i) => {
      out.push(
        chunk(ch.index, {
          tool_calls: [
            {
              index: i,
              id: tc.id,
              type: "function",
              function: { name: tc.function.name, arguments: tc.function.arguments },
            },
          ],
        }),
      );
    });
    out.push(chunk(ch.index, {}, ch.finish_reason));
  }
  return out;
}

/**
 * A cached chat completion as an SSE body: its chunks, OpenAI's usage chunk (`choices: []`) when
 * the request asked for `stream_options.include_usage`, then `data: [DONE]`.
 */
export function replayChatStream(c: ChatCompletion, opts: { includeUsage: boolean }): ReadableStream<Uint8Array> {
  const frames = chatCompletionChunks(c).map(sseFrame);
  if (opts.includeUsage && c.usage)
    frames.push(
      sseFrame({
        id: c.id,
        object: "chat.completion.chunk",
        created: c.created,
        model: c.model,
        choices: [],
        usage: c.usage,
      }),
    );
  frames.push(DONE_BYTES);
  let i = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(ctl) {
        const f = frames[i++];
        if (f) ctl.enqueue(f);
        else ctl.close();
      },
    },
    { highWaterMark: 0 },
  );
}
