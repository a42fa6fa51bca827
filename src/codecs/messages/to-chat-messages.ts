import type { ChatMessage, ContentPart, ToolCall } from "../../openai/chat-request.js";
import type { ThinkingBlock } from "../../openai/chat-response.js";
import type { ContentBlockParam, ToolResultBlockParam } from "../../anthropic/content-blocks.js";
import type { MessageParam, SystemParam } from "../../anthropic/request.js";
import { documentParts, imagePart, searchResultPart, textPart, type At, type NotCarried } from "./to-chat-content.js";

/**
 * Anthropic turns → chat messages. Rules:
 * - `system` (string or text blocks, cache_control kept) → one system message first; a system turn inside
 *   `messages` → a system message at its place.
 * - A user turn's tool_result blocks → one `tool` message each, first and in order (chat wants them right
 *   after the assistant's tool calls); the turn's other blocks → one user message after them.
 * - tool_result: text → text parts, images → image parts; `is_error: true` → the content starts with
 *   "Error: " (the chat shape has no error flag).
 * - An assistant turn: thinking → `reasoning_content` (joined) and `thinking_blocks` (each with its
 *   signature; redacted_thinking kept as data); text → content; tool_use → `tool_calls` with the input
 *   JSON-stringified.
 * - Server tool blocks (server_tool_use, *_tool_result) and unknown block types are not carried.
 */

const ERROR_PREFIX = "Error: ";

type Converted = { parts: ContentPart[]; tools: ChatMessage[] };

function userBlock(b: ContentBlockParam, at: At, notCarried: NotCarried): ContentPart[] {
  switch (b.type) {
    case "text":
      return [textPart(b as Extract<ContentBlockParam, { type: "text" }>, at, notCarried)];
    case "image":
      return [imagePart(b as Extract<ContentBlockParam, { type: "image" }>, at)];
    case "document":
      return documentParts(b as Extract<ContentBlockParam, { type: "document" }>, at, notCarried);
    case "search_result":
      return [searchResultPart(b as Extract<ContentBlockParam, { type: "search_result" }>, at, notCarried)];
    default:
      notCarried(`${at} (${b.type} block)`);
      return [];
  }
}

function toolMessage(b: ToolResultBlockParam, at: At, notCarried: NotCarried): ChatMessage {
  let content: string | ContentPart[];
  if (b.content === undefined || typeof b.content === "string") {
    content = b.content ?? "";
    if (b.is_error) content = `${ERROR_PREFIX}${content}`;
  } else {
    const inner = b.content as ContentBlockParam[];
    content = inner.flatMap((c, i) => userBlock(c, `${at}.content[${i}]`, notCarried));
    if (b.is_error) content.unshift({ type: "text", text: ERROR_PREFIX.trimEnd() });
  }
  const m: ChatMessage = { role: "tool", tool_call_id: b.tool_use_id, content };
  return b.cache_control ? { ...m, cache_control: b.cache_control } : m;
}

function userTurn(blocks: ContentBlockParam[], at: At, notCarried: NotCarried): Converted {
  const out: Converted = { parts: [], tools: [] };
  blocks.forEach((b, i) => {
    const where = `${at}.content[${i}]`;
    if (b.type === "tool_result") out.tools.push(toolMessage(b as ToolResultBlockParam, where, notCarried));
    else out.parts.push(...userBlock(b, where, notCarried));
  });
  return out;
}

type Block<T extends string> = Extract<ContentBlockParam, { type: T }>;

function assistantTurn(blocks: ContentBlockParam[], at: At, notCarried: NotCarried): ChatMessage {
  const thinking: ThinkingBlock[] = [];
  const texts: ContentPart[] = [];
  const calls: ToolCall[] = [];
  let reasoning = "";
  blocks.forEach((b, i) => {
    const where = `${at}.content[${i}]`;
    switch (b.type) {
      case "thinking": {
        const t = b as Block<"thinking">;
        reasoning += t.thinking;
        thinking.push({ type: "thinking", thinking: t.thinking, signature: t.signature });
        break;
      }
      case "redacted_thinking":
        thinking.push({ type: "redacted_thinking", data: (b as Block<"redacted_thinking">).data });
        break;
      case "text":
        texts.push(textPart(b as Block<"text">, where, notCarried));
        break;
      case "tool_use": {
        const u = b as Block<"tool_use">;
        const call: ToolCall = {
          id: u.id,
          type: "function",
          function: { name: u.name, arguments: JSON.stringify(u.input ?? {}) },
        };
        calls.push(u.cache_control ? { ...call, cache_control: u.cache_control } : call);
        break;
      }
      default:
        notCarried(`${where} (${b.type} block)`);
    }
  });
  const only = texts.length === 1 ? texts[0] : undefined;
  const content =
    texts.length === 0 ? null : only?.type === "text" && only.cache_control === undefined ? only.text : texts;
  const m: ChatMessage = { role: "assistant", content };
  if (calls.length) m.tool_calls = calls;
  if (reasoning) m.reasoning_content = reasoning;
  if (thinking.length) m.thinking_blocks = thinking;
  return m;
}

function systemContent(system: SystemParam, at: At, notCarried: NotCarried): string | ContentPart[] {
  if (typeof system === "string") return system;
  const only = system.length === 1 ? system[0] : undefined;
  if (only && !only.cache_control && !only.citations?.length) return only.text;
  return system.map((b, i) => textPart(b, `${at}[${i}]`, notCarried));
}

export function toChatMessages(opts: {
  system: SystemParam | undefined;
  messages: readonly MessageParam[];
  notCarried: NotCarried;
}): ChatMessage[] {
  const { notCarried } = opts;
  const out: ChatMessage[] = [];
  if (opts.system !== undefined && opts.system.length > 0) {
    out.push({ role: "system", content: systemContent(opts.system, "system", notCarried) });
  }
  opts.messages.forEach((m, i) => {
    const at = `messages[${i}]`;
    if (m.role === "system") {
      out.push({ role: "system", content: systemContent(m.content, `${at}.content`, notCarried) });
    } else if (typeof m.content === "string") {
      out.push({ role: m.role, content: m.content });
    } else if (m.role === "assistant") {
      out.push(assistantTurn(m.content, at, notCarried));
    } else {
      const { parts, tools } = userTurn(m.content, at, notCarried);
      out.push(...tools);
      if (parts.length > 0 || tools.length === 0) out.push({ role: "user", content: parts });
    }
  });
  return out;
}
