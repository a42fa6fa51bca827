import type { FinishReason } from "../../openai/chat-response.js";

/**
 * Anthropic stop_reason → OpenAI finish_reason. `tool_use` is `stop` when the only tool called was
 * the JSON-mode tool (the answer is content, not a tool call). Unknown reasons count as `stop`.
 */
export function finishReasonOf(stopReason: string | null | undefined, opts: { realToolCalls: boolean }): FinishReason {
  switch (stopReason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return opts.realToolCalls ? "tool_calls" : "stop";
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}
