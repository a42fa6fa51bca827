import type { AssistantMessage, ChatCompletion } from "../../openai/chat-response.js";
import { BadGatewayError } from "../../errors/gateway-error.js";
import type { ContentBlock, Message } from "../../anthropic/response.js";
import { matchedStopOf, stopOf } from "./stop-reason.js";
import { messagesUsageOf } from "./usage.js";

/** What a translated answer needs from the request it answers. */
export interface AnswerOptions {
  /** The request's stop_sequences (to report which one matched, when the vendor says). */
  stopSequences?: readonly string[];
  /** The model name to report; the vendor's model id when absent. */
  model?: string;
}

/**
 * Tool arguments (JSON text) → the tool_use `input` object. Empty arguments are `{}`; anything that is not
 * a JSON object is the upstream's fault: a 502, so the router may retry or fall back.
 */
export function toolInputOf(args: string, name: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(args);
  } catch {
    v = undefined;
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new BadGatewayError(`the model called tool "${name}" with arguments that are not a JSON object`, {
      code: "invalid_tool_arguments",
    });
  }
  return v as Record<string, unknown>;
}

/**
 * Thinking first: the message's thinking_blocks when it has thinking blocks (signatures kept, redacted
 * ones as data); otherwise its reasoning_content as one unsigned thinking block, then any redacted blocks.
 */
function thinkingOf(m: AssistantMessage): ContentBlock[] {
  const blocks = m.thinking_blocks ?? [];
  const redacted = blocks
    .filter((b) => b.type === "redacted_thinking")
    .map((b): ContentBlock => ({ type: "redacted_thinking", data: b.data ?? "" }));
  if (blocks.some((b) => b.type === "thinking")) {
    return blocks.map(
      (b): ContentBlock =>
        b.type === "redacted_thinking"
          ? { type: "redacted_thinking", data: b.data ?? "" }
          : { type: "thinking", thinking: b.thinking ?? "", signature: b.signature ?? "" },
    );
  }
  const reasoning: ContentBlock[] = m.reasoning_content
    ? [{ type: "thinking", thinking: m.reasoning_content, signature: "" }]
    : [];
  return [...reasoning, ...redacted];
}

/**
 * ChatCompletion → Anthropic Message: content blocks thinking, then text (the content, or the refusal),
 * then one tool_use per tool call with its arguments parsed; stop_reason from finish_reason; usage with
 * cache reads and writes split out of prompt_tokens. Only the first choice is read (Messages has no `n`).
 */
export function toMessage(c: ChatCompletion, opts: AnswerOptions = {}): Message {
  const choice = c.choices[0];
  const m: AssistantMessage = choice?.message ?? { role: "assistant", content: null };
  const content: ContentBlock[] = thinkingOf(m);
  const text = m.content || m.refusal || "";
  if (text) content.push({ type: "text", text });
  for (const call of m.tool_calls ?? []) {
    const input = toolInputOf(call.function.arguments, call.function.name);
    content.push({ type: "tool_use", id: call.id, name: call.function.name, input });
  }
  const stop = stopOf({
    finish: choice?.finish_reason ?? null,
    hasToolUse: (m.tool_calls?.length ?? 0) > 0,
    matchedStop: choice ? matchedStopOf(choice, opts.stopSequences) : null,
  });
  return {
    id: c.id,
    type: "message",
    role: "assistant",
    model: opts.model ?? c.model,
    content,
    ...stop,
    usage: messagesUsageOf(c.usage),
  };
}
