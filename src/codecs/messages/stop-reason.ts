import type { FinishReason } from "../../openai/chat-response.js";
import type { StopReason } from "../../anthropic/response.js";

export interface Stop {
  stop_reason: StopReason;
  stop_sequence: string | null;
}

/**
 * The stop sequence a chat choice says it matched, when the vendor reports one (vLLM `stop_reason`,
 * SGLang `matched_stop`) and it is one the client asked for. OpenAI reports none: its stop-sequence
 * stops read as `end_turn`.
 */
export function matchedStopOf(choice: object, stopSequences: readonly string[] | undefined): string | null {
  if (!stopSequences?.length) return null;
  const c = choice as { stop_reason?: unknown; matched_stop?: unknown };
  for (const v of [c.stop_reason, c.matched_stop]) if (typeof v === "string" && stopSequences.includes(v)) return v;
  return null;
}

/**
 * finish_reason → stop_reason: length → max_tokens; tool_calls / function_call → tool_use;
 * content_filter → refusal; stop (or none) → tool_use when the answer calls tools (some vendors say
 * "stop" then), stop_sequence when a known stop sequence matched, else end_turn.
 */
export function stopOf(opts: { finish: FinishReason | null; hasToolUse: boolean; matchedStop: string | null }): Stop {
  switch (opts.finish) {
    case "length":
      return { stop_reason: "max_tokens", stop_sequence: null };
    case "tool_calls":
    case "function_call":
      return { stop_reason: "tool_use", stop_sequence: null };
    case "content_filter":
      return { stop_reason: "refusal", stop_sequence: null };
    default:
      if (opts.hasToolUse) return { stop_reason: "tool_use", stop_sequence: null };
      if (opts.matchedStop !== null) return { stop_reason: "stop_sequence", stop_sequence: opts.matchedStop };
      return { stop_reason: "end_turn", stop_sequence: null };
  }
}
