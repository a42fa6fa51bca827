import type { ChatMessage, ContentPart } from "../../openai/chat-request.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { imageUrlOf, textOf } from "../shared/content.js";
import type { CohereMessage, CohereUserPart } from "./api.js";
import { plainToolCall } from "../shared/tool-calls.js";

const PROVIDER = "cohere";

function userPart(p: ContentPart): CohereUserPart | undefined {
  if (p.type === "text") return { type: "text", text: p.text };
  if (p.type === "image_url") {
    const detail = typeof p.image_url === "string" ? undefined : p.image_url.detail;
    return { type: "image_url", image_url: detail ? { url: imageUrlOf(p), detail } : { url: imageUrlOf(p) } };
  }
  if (p.type === "thinking" || p.type === "redacted_thinking") return undefined;
  throw new BadRequestError(`${PROVIDER} does not accept "${p.type}" content parts`, {
    param: "messages",
    code: "unsupported_content",
  });
}

/** A user turn: plain text stays a string; images make it a list of text and image_url parts. */
function userContent(content: string | ContentPart[]): string | CohereUserPart[] {
  if (typeof content === "string") return content;
  const parts = content.map(userPart).filter((p): p is CohereUserPart => p !== undefined);
  return parts.every((p) => p.type === "text") ? parts.map((p) => (p as { text: string }).text).join("") : parts;
}

/**
 * OpenAI messages → Cohere v2 messages. System and developer become `system`; an assistant turn
 * with tool calls carries its text as `tool_plan` (Cohere's plan preceding the calls); tool results
 * are sent as text content blocks, which Cohere accepts whatever the tool returned.
 */
export function toCohereMessages(messages: ChatMessage[]): CohereMessage[] {
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every role, each case returns or throws
  return messages.map((m): CohereMessage => {
    switch (m.role) {
      case "system":
      case "developer":
        return { role: "system", content: textOf(m.content) };
      case "user":
        return { role: "user", content: userContent(m.content) };
      case "assistant": {
        const text = textOf(m.content);
        if (m.tool_calls?.length) {
          const out: CohereMessage = {
            role: "assistant",
            tool_calls: m.tool_calls.map(plainToolCall),
          };
          if (text) out.tool_plan = text;
          return out;
        }
        return { role: "assistant", content: text };
      }
      case "tool":
        return { role: "tool", tool_call_id: m.tool_call_id, content: [{ type: "text", text: textOf(m.content) }] };
      case "function":
        throw new BadRequestError(
          `${PROVIDER} does not accept legacy "function" messages; send tool calls and "tool" messages`,
          { param: "messages", code: "unsupported_message" },
        );
    }
  });
}
