import type { FinishReason } from "../../openai/chat-response.js";

/** Bedrock stopReason → OpenAI finish_reason. `jsonMode`: a forced json tool call is the answer, so it is a plain stop. */
export function finishReasonOf(stopReason: string | null | undefined, jsonMode = false): FinishReason {
  switch (stopReason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return jsonMode ? "stop" : "tool_calls";
    case "guardrail_intervened":
    case "content_filtered":
      return "content_filter";
    default:
      return "stop"; // end_turn, stop_sequence
  }
}
