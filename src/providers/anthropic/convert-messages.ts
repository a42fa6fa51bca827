import type { ChatMessage, ContentPart, ToolCall } from "../../openai/chat-request.js";
import { ThinkingBlock } from "../../openai/chat-response.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { partsOf } from "../shared/content.js";
import { toolArgumentsObject } from "../shared/tool-calls.js";
import type { AnthropicContentBlock, AnthropicTurn } from "./api.js";
import { partToBlock, withCache } from "./content-parts.js";

export interface AnthropicMessages {
  /** System and developer messages as text blocks (cache_control kept). */
  system: AnthropicContentBlock[];
  messages: AnthropicTurn[];
}

type Content = string | ContentPart[] | null | undefined;

function blocksOf(content: Content, provider: string): AnthropicContentBlock[] {
  const out: AnthropicContentBlock[] = [];
  for (const p of partsOf(content)) {
    const b = partToBlock(p, provider);
    if (b) out.push(b);
  }
  return out;
}

/** Message-level cache_control marks the message's last block (Anthropic caches up to that point). */
function cacheLast(blocks: AnthropicContentBlock[], message: unknown): AnthropicContentBlock[] {
  const last = blocks.at(-1);
  if (last) blocks[blocks.length - 1] = withCache(last, message);
  return blocks;
}

function toolArguments(call: ToolCall): Record<string, unknown> {
  const args = toolArgumentsObject(call.function.arguments);
  if (args) return args;
  throw new BadRequestError(`tool call ${call.id} has arguments that are not a JSON object`, {
    param: "messages",
    code: "invalid_tool_arguments",
  });
}

/** thinking_blocks sent back by the client, in order, signatures kept. Unknown block types are skipped. */
function thinkingBlocks(blocks: ReadonlyArray<unknown> | null | undefined): AnthropicContentBlock[] {
  const out: AnthropicContentBlock[] = [];
  for (const raw of blocks ?? []) {
    const r = ThinkingBlock.safeParse(raw);
    if (!r.success) continue;
    const b = r.data;
    if (b.type === "redacted_thinking") out.push({ type: "redacted_thinking", data: b.data ?? "" });
    else out.push({ type: "thinking", thinking: b.thinking ?? "", signature: b.signature ?? "" });
  }
  return out;
}

function assistantBlocks(m: Extract<ChatMessage, { role: "assistant" }>, provider: string): AnthropicContentBlock[] {
  // Thinking first (Anthropic requires it to precede text and tool_use), then text, then tool calls.
  const content = blocksOf(m.content, provider);
  const thinking = [
    ...thinkingBlocks(m.thinking_blocks),
    ...content.filter((b) => b.type === "thinking" || b.type === "redacted_thinking"),
  ];
  const rest = content.filter((b) => b.type !== "thinking" && b.type !== "redacted_thinking");
  const calls: AnthropicContentBlock[] = (m.tool_calls ?? []).map((c) =>
    withCache({ type: "tool_use", id: c.id, name: c.function.name, input: toolArguments(c) }, c),
  );
  return cacheLast([...thinking, ...rest, ...calls], m);
}

function toolResultBlock(m: Extract<ChatMessage, { role: "tool" }>, provider: string): AnthropicContentBlock {
  const inner = typeof m.content === "string" ? m.content : blocksOf(m.content, provider);
  const block: AnthropicContentBlock = { type: "tool_result", tool_use_id: m.tool_call_id };
  if (inner.length > 0) block.content = inner;
  return withCache(block, m);
}

function turnOf(m: ChatMessage, provider: string): AnthropicTurn {
  switch (m.role) {
    case "user":
      return { role: "user", content: cacheLast(blocksOf(m.content, provider), m) };
    case "assistant":
      return { role: "assistant", content: assistantBlocks(m, provider) };
    case "tool":
      return { role: "user", content: [toolResultBlock(m, provider)] };
    case "function":
      throw new BadRequestError(`${provider} does not accept role "function" messages; use tools and role "tool"`, {
        param: "messages",
        code: "unsupported_role",
      });
    case "system":
    case "developer":
      throw new Error("unreachable: system messages are hoisted");
  }
}

/** Tool results go first in a user turn, as Anthropic requires. */
function resultsFirst(blocks: AnthropicContentBlock[]): AnthropicContentBlock[] {
  const results = blocks.filter((b) => b.type === "tool_result");
  return results.length === 0 ? blocks : [...results, ...blocks.filter((b) => b.type !== "tool_result")];
}

/** Anthropic rejects a final assistant turn (prefill) that ends in whitespace. */
function trimPrefill(turn: AnthropicTurn): AnthropicTurn | undefined {
  const content = [...turn.content];
  const last = content.at(-1);
  if (last?.type === "text" && typeof last.text === "string") {
    const text = last.text.trimEnd();
    if (text === "") content.pop();
    else content[content.length - 1] = { ...last, text };
  }
  return content.length > 0 ? { role: turn.role, content } : undefined;
}

/**
 * OpenAI messages → Anthropic `system` + alternating turns. System/developer messages are hoisted
 * (in order); tool messages become user tool_result blocks; consecutive turns of one role are merged
 * (so parallel tool results share one user turn); `name` is dropped; a last assistant message is a prefill.
 */
export function convertMessages(input: ChatMessage[], provider: string): AnthropicMessages {
  const system: AnthropicContentBlock[] = [];
  const messages: AnthropicTurn[] = [];
  for (const m of input) {
    if (m.role === "system" || m.role === "developer") {
      system.push(
        ...cacheLast(
          blocksOf(m.content, provider).filter((b) => b.type === "text"),
          m,
        ),
      );
      continue;
    }
    const turn = turnOf(m, provider);
    if (turn.content.length === 0) continue;
    const prev = messages.at(-1);
    if (prev && prev.role === turn.role) prev.content.push(...turn.content);
    else messages.push(turn);
  }
  for (const t of messages) if (t.role === "user") t.content = resultsFirst(t.content);
  const last = messages.at(-1);
  if (last?.role === "assistant") {
    const trimmed = trimPrefill(last);
    if (trimmed) messages[messages.length - 1] = trimmed;
    else messages.pop();
  }
  return { system, messages };
}
