import { BadRequestError } from "../../errors/gateway-error.js";
import type { ChatMessage, ContentPart, ToolCall } from "../../openai/chat-request.js";
import type { ThinkingBlock } from "../../openai/chat-response.js";
import type { InputContent, MessageContent } from "../../responses/content.js";
import { isKnownItem, type Item, type ReasoningItem } from "../../responses/items.js";
import { decodeThinking } from "./reasoning.js";

type AssistantMessage = Extract<ChatMessage, { role: "assistant" }>;

/** The deployment a translated request goes to: how errors name it, and its provider. */
export interface TranslationTarget {
  /** e.g. `anthropic model "claude-sonnet"` */
  name: string;
  provider: string;
}

/**
 * Conversation items → chat messages, in order. The rules:
 * - a user/system/developer message is that chat message, its parts mapped (`contentPart`);
 * - reasoning, assistant messages and function calls that follow each other are one assistant turn
 *   (chat has one assistant message with text, tool_calls and thinking); a reasoning item after text or
 *   calls starts the next turn, as a vendor's thinking always opens one; its signed thinking goes back
 *   only to the provider that made it (reasoning.ts), its summary text as reasoning_content;
 * - a function_call_output is a tool message answering `call_id`;
 * - any other item (hosted tool calls, item references) exists only on OpenAI: a 400 naming its type.
 */
export function itemsToMessages(
  items: readonly Item[],
  target: TranslationTarget,
  /** How many leading items are stored history (errors in them name previous_response_id, not input). */
  historyLength = 0,
): ChatMessage[] {
  const out: ChatMessage[] = [];
  const where = (i: number) => (i < historyLength ? "previous_response_id" : `input[${i - historyLength}]`);
  let turn: AssistantMessage | undefined;
  const flush = () => {
    if (turn) out.push(turn);
    turn = undefined;
  };
  items.forEach((item, i) => {
    if (!isKnownItem(item))
      throw new BadRequestError(
        `input item type "${item.type}" exists only on OpenAI; ${target.name} cannot carry it (send messages, function_call and function_call_output items)`,
        { param: where(i), code: "unsupported_input_item" },
      );
    switch (item.type) {
      case "message":
        if (item.role === "assistant") {
          turn ??= { role: "assistant", content: null };
          turn.content = joinText(turn.content, assistantText(item.content));
        } else {
          flush();
          out.push({ role: item.role, content: userContent(item.content, where(i)) });
        }
        return;
      case "function_call": {
        turn ??= { role: "assistant", content: null };
        const call: ToolCall = {
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: item.arguments },
        };
        turn.tool_calls = [...(turn.tool_calls ?? []), call];
        return;
      }
      case "reasoning":
        if (turn && (turn.content || turn.tool_calls?.length)) flush();
        turn ??= { role: "assistant", content: null };
        addReasoning(turn, item, target.provider);
        return;
      case "function_call_output":
        flush();
        out.push({
          role: "tool",
          tool_call_id: item.call_id,
          content:
            typeof item.output === "string"
              ? item.output
              : item.output.map((p) => contentPart(p, `${where(i)}.output`)),
        });
        return;
    }
  });
  flush();
  return out;
}

function addReasoning(turn: AssistantMessage, item: ReasoningItem, provider: string): void {
  const blocks: ThinkingBlock[] | undefined = decodeThinking(item.encrypted_content, provider);
  if (blocks?.length) turn.thinking_blocks = [...(turn.thinking_blocks ?? []), ...blocks];
  const text = [...item.summary.map((s) => s.text), ...(item.content ?? []).map((c) => c.text)].join("\n\n");
  if (text) turn.reasoning_content = turn.reasoning_content ? `${turn.reasoning_content}\n\n${text}` : text;
}

function assistantText(content: string | MessageContent[]): string {
  if (typeof content === "string") return content;
  return content
    .map((p) => (p.type === "output_text" || p.type === "input_text" ? p.text : p.type === "refusal" ? p.refusal : ""))
    .join("");
}

function joinText(a: AssistantMessage["content"], b: string): string | null {
  const prev = typeof a === "string" ? a : "";
  return prev + b || null;
}

function userContent(content: string | MessageContent[], at: string): string | ContentPart[] {
  if (typeof content === "string") return content;
  return content.map((p, j) => contentPart(p, `${at}.content[${j}]`));
}

/** One content part: text as text, images as image_url, files as chat `file` parts. */
function contentPart(p: MessageContent | InputContent, at: string): ContentPart {
  switch (p.type) {
    case "input_text":
    case "output_text":
      return { type: "text", text: p.text };
    case "refusal":
      return { type: "text", text: p.refusal };
    case "input_image": {
      if (!p.image_url)
        throw new BadRequestError(
          `${at}: an input_image needs image_url (a URL or a data: URL); file_id refers to a file stored at OpenAI`,
          { param: at, code: "unsupported_input_image" },
        );
      const detail = p.detail === "low" || p.detail === "high" || p.detail === "auto" ? p.detail : undefined;
      return { type: "image_url", image_url: detail ? { url: p.image_url, detail } : { url: p.image_url } };
    }
    case "input_file": {
      const file: Record<string, string> = {};
      const data = p.file_data ?? p.file_url;
      if (data) file.file_data = data;
      if (p.file_id) file.file_id = p.file_id;
      if (p.filename) file.filename = p.filename;
      if (!data && !p.file_id)
        throw new BadRequestError(`${at}: an input_file needs file_data, file_url or file_id`, {
          param: at,
          code: "invalid_input_file",
        });
      return { type: "file", file };
    }
  }
}
