import type { ToolCall } from "../../src/openai/chat-request.js";
import type { ChatCompletion, ChatCompletionChunk, ThinkingBlock } from "../../src/openai/chat-response.js";

/**
 * The non-stream ChatCompletion a chunk stream stands for, assembled as a client does: content,
 * reasoning_content and each tool call's arguments joined; thinking blocks rebuilt from the reasoning
 * (a signature in thinking_blocks seals the block it ends; a whole block repeated after the deltas that
 * spelled it adds only its signature; redacted blocks kept); the last finish_reason and usage win.
 */
export function assembleCompletion(chunks: readonly ChatCompletionChunk[]): ChatCompletion {
  let content = "";
  let reasoning = "";
  let refusal = "";
  let finish: ChatCompletion["choices"][number]["finish_reason"] = null;
  let usage: ChatCompletion["usage"];
  const calls: ToolCall[] = [];
  const thinking: ThinkingBlock[] = [];
  let current: ThinkingBlock | undefined; // the thinking block reasoning deltas are extending
  const extend = (text: string) => {
    if (!current) {
      current = { type: "thinking", thinking: "" };
      thinking.push(current);
    }
    current.thinking += text;
  };
  for (const c of chunks) {
    if (c.usage) usage = c.usage;
    for (const ch of c.choices) {
      if (ch.index !== 0) continue;
      const d = ch.delta;
      if (d.content) content += d.content;
      if (d.refusal) refusal += d.refusal;
      if (d.reasoning_content) {
        reasoning += d.reasoning_content;
        extend(d.reasoning_content);
      }
      for (const b of d.thinking_blocks ?? []) {
        if (b.type === "redacted_thinking") {
          thinking.push({ type: "redacted_thinking", data: b.data ?? "" });
          current = undefined;
          continue;
        }
        const text = b.thinking ?? "";
        const replay = current !== undefined && current.thinking === text;
        if (text && !d.reasoning_content && !replay) extend(text);
        if (b.signature) {
          if (!current) extend("");
          current!.signature = b.signature;
          current = undefined;
        }
      }
      for (const t of d.tool_calls ?? []) {
        calls[t.index] ??= { id: "", type: "function", function: { name: "", arguments: "" } };
        const slot = calls[t.index]!;
        if (t.id) slot.id = t.id;
        if (t.function?.name) slot.function.name = t.function.name;
        if (t.function?.arguments) slot.function.arguments += t.function.arguments;
      }
      if (ch.finish_reason) finish = ch.finish_reason;
    }
  }
  const message: ChatCompletion["choices"][number]["message"] = { role: "assistant", content: content || null };
  if (refusal) message.refusal = refusal;
  if (reasoning) message.reasoning_content = reasoning;
  if (thinking.length) message.thinking_blocks = thinking;
  if (calls.length) message.tool_calls = calls;
  const first = chunks[0];
  return {
    id: first?.id ?? "",
    object: "chat.completion",
    created: first?.created ?? 0,
    model: first?.model ?? "",
    choices: [{ index: 0, message, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  };
}
