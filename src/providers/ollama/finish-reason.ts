import type { FinishReason } from "../../openai/chat-response.js";

/** Ollama done_reason → OpenAI: "length" → length; tool calls made → tool_calls; else stop. */
export function ollamaFinishReason(doneReason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls) return "tool_calls";
  return doneReason === "length" ? "length" : "stop";
}
