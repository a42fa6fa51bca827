import type { ResponseContext } from "../../src/codecs/responses/response-shell.js";
import type { ChatCompletion, ChatCompletionChunk, ChunkDelta } from "../../src/openai/chat-response.js";
import { ResponseCreateRequest } from "../../src/responses/request.js";

/** The clock Responses tests run at (epoch ms). */
export const RESP_NOW = 1_750_000_000_000;

/**
 * A response context with counting item ids (rs-1, msg-2, ...): two contexts made alike give the same
 * ids, so a streamed and a non-streamed translation of one answer can be compared whole.
 */
export function responseContext(
  request: Record<string, unknown> = {},
  over: Partial<Omit<ResponseContext, "request">> = {},
): ResponseContext {
  let n = 0;
  return {
    request: ResponseCreateRequest.parse({ model: "claude-group", input: "Hi", ...request }),
    id: "resp-test-1",
    createdAt: RESP_NOW,
    model: "claude-group",
    provider: "anthropic",
    itemId: (p) => `${p}-${++n}`,
    ...over,
  };
}

/** A chat completion with the given assistant message, finish reason and usage. */
export function completion(
  message: Partial<ChatCompletion["choices"][number]["message"]>,
  opts: { finish?: ChatCompletion["choices"][number]["finish_reason"]; usage?: ChatCompletion["usage"] } = {},
): ChatCompletion {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: RESP_NOW / 1000,
    model: "claude-sonnet",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: null, ...message },
        finish_reason: opts.finish ?? (message.tool_calls?.length ? "tool_calls" : "stop"),
      },
    ],
    usage: opts.usage ?? { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
  };
}

/**
 * The chunks a vendor streams for `c`, the way the gateway's providers emit them: the role, reasoning text
 * in pieces, the whole thinking blocks, text and refusal in pieces, each tool call (id and name first, then
 * its arguments in pieces), the finish reason, and usage last.
 */
export function chunksOf(c: ChatCompletion, size = 4): ChatCompletionChunk[] {
  const m = c.choices[0]!.message;
  const out: ChatCompletionChunk[] = [];
  const push = (delta: ChunkDelta, finish: ChatCompletion["choices"][number]["finish_reason"] = null) =>
    out.push({
      id: c.id,
      object: "chat.completion.chunk",
      created: c.created,
      model: c.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  push({ role: "assistant" });
  for (const p of pieces(m.reasoning_content ?? "", size)) push({ reasoning_content: p });
  if (m.thinking_blocks?.length) push({ thinking_blocks: m.thinking_blocks });
  for (const p of pieces(m.content ?? "", size)) push({ content: p });
  for (const p of pieces(m.refusal ?? "", size)) push({ refusal: p });
  (m.tool_calls ?? []).forEach((tc, index) => {
    push({ tool_calls: [{ index, id: tc.id, type: "function", function: { name: tc.function.name, arguments: "" } }] });
    for (const p of pieces(tc.function.arguments, size)) push({ tool_calls: [{ index, function: { arguments: p } }] });
  });
  push({}, c.choices[0]!.finish_reason);
  if (c.usage)
    out.push({
      id: c.id,
      object: "chat.completion.chunk",
      created: c.created,
      model: c.model,
      choices: [],
      usage: c.usage,
    });
  return out;
}

function pieces(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}
