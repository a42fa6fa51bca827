import type { FinishReason } from "../../openai/chat-response.js";

/** Workers AI finish reasons (OpenAI words, plus "max_tokens") → OpenAI; tool calls win. */
export function workersAiFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls) return "tool_calls";
  switch (reason) {
    case "length":
    case "max_tokens":
      return "length";
    case "tool_calls":
      return "tool_calls";
    case "content_filter":
      return "content_filter";
    default:
      return "stop";
  }
}
