import type { ChatMessage, ContentPart, ToolCall } from "../../openai/chat-request.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { imageUrlOf, partsOf, textOf } from "../shared/content.js";
import { loadMedia } from "../shared/media.js";
import { toolArgumentsObject } from "../shared/tool-calls.js";
import type { OllamaMessage } from "./api.js";

const PROVIDER = "ollama";

interface MediaOptions {
  fetch: typeof fetch;
  signal?: AbortSignal;
}

function toolArguments(call: ToolCall): Record<string, unknown> {
  const args = toolArgumentsObject(call.function.arguments);
  if (args) return args;
  throw new BadRequestError(
    `tool call "${call.id}" has arguments that are not a JSON object; ${PROVIDER} needs an object`,
    { param: "messages", code: "invalid_tool_arguments" },
  );
}

async function userMessage(content: string | ContentPart[], media: MediaOptions): Promise<OllamaMessage> {
  let text = "";
  const pending: Array<Promise<string>> = [];
  for (const p of partsOf(content)) {
    if (p.type === "text") text += p.text;
    else if (p.type === "image_url") pending.push(loadMedia(imageUrlOf(p), media).then((m) => m.base64));
    else if (p.type !== "thinking" && p.type !== "redacted_thinking") {
      throw new BadRequestError(`${PROVIDER} does not accept "${p.type}" content parts`, {
        param: "messages",
        code: "unsupported_content",
      });
    }
  }
  const msg: OllamaMessage = { role: "user", content: text };
  if (pending.length) msg.images = await Promise.all(pending);
  return msg;
}

/**
 * OpenAI messages → Ollama messages. Images travel as base64 in `images` (https URLs are fetched);
 * tool-call arguments become objects; tool results name their tool (`tool_name`), looked up from
 * the assistant turn that made the call, since Ollama has no call ids.
 */
export async function toOllamaMessages(messages: ChatMessage[], media: MediaOptions): Promise<OllamaMessage[]> {
  const toolNames = new Map<string, string>();
  const out: Array<Promise<OllamaMessage> | OllamaMessage> = [];
  for (const m of messages) {
    switch (m.role) {
      case "system":
      case "developer":
        out.push({ role: "system", content: textOf(m.content) });
        break;
      case "user":
        out.push(userMessage(m.content, media));
        break;
      case "assistant": {
        const msg: OllamaMessage = {
          role: "assistant",
          content: partsOf(m.content)
            .map((p) => (p.type === "text" ? p.text : ""))
            .join(""),
        };
        if (m.reasoning_content) msg.thinking = m.reasoning_content;
        if (m.tool_calls?.length) {
          msg.tool_calls = m.tool_calls.map((c) => {
            toolNames.set(c.id, c.function.name);
            return { function: { name: c.function.name, arguments: toolArguments(c) } };
          });
        }
        out.push(msg);
        break;
      }
      case "tool": {
        const msg: OllamaMessage = { role: "tool", content: textOf(m.content) };
        const name = toolNames.get(m.tool_call_id);
        if (name) msg.tool_name = name;
        out.push(msg);
        break;
      }
      case "function":
        out.push({ role: "tool", content: m.content ?? "", tool_name: m.name });
        break;
    }
  }
  return Promise.all(out);
}
