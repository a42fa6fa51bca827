import type { ChatMessage, ContentPart } from "../../openai/chat-request.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { partsOf, textOf } from "../shared/content.js";
import { plainToolCall } from "../shared/tool-calls.js";

const PROVIDER = "workers_ai";

export type BindingMessage = { role: string; content: string | ContentPart[] } & Record<string, unknown>;

/** Plain text stays a string (every model takes it); images keep OpenAI's parts (vision models take them). */
function userContent(content: string | ContentPart[]): string | ContentPart[] {
  const parts = partsOf(content);
  for (const p of parts) {
    if (p.type !== "text" && p.type !== "image_url" && p.type !== "thinking" && p.type !== "redacted_thinking") {
      throw new BadRequestError(`${PROVIDER} does not accept "${p.type}" content parts`, {
        param: "messages",
        code: "unsupported_content",
      });
    }
  }
  if (!parts.some((p) => p.type === "image_url")) return textOf(content);
  return parts.filter((p) => p.type === "text" || p.type === "image_url");
}

/**
 * OpenAI messages → the binding's messages: content is never null (the binding's schema requires
 * a string), assistant tool calls keep the OpenAI shape, tool results keep tool_call_id and name
 * the tool (looked up from the call), legacy function results become tool messages.
 */
export function toBindingMessages(messages: ChatMessage[]): BindingMessage[] {
  const toolNames = new Map<string, string>();
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every role, each case returns or throws
  return messages.map((m): BindingMessage => {
    switch (m.role) {
      case "system":
      case "developer":
        return { role: "system", content: textOf(m.content) };
      case "user":
        return { role: "user", content: userContent(m.content) };
      case "assistant": {
        const msg: BindingMessage = { role: "assistant", content: textOf(m.content) };
        if (m.tool_calls?.length) {
          msg.tool_calls = m.tool_calls.map((c) => {
            toolNames.set(c.id, c.function.name);
            return plainToolCall(c);
          });
        }
        return msg;
      }
      case "tool": {
        const msg: BindingMessage = { role: "tool", content: textOf(m.content), tool_call_id: m.tool_call_id };
        const name = toolNames.get(m.tool_call_id);
        if (name) msg.name = name;
        return msg;
      }
      case "function":
        return { role: "tool", content: m.content ?? "", name: m.name };
    }
  });
}
