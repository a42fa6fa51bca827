import { InternalServerError, TimeoutError, type GatewayError } from "../../errors/gateway-error.js";
import type { FinishReason } from "../../openai/chat-response.js";

const PROVIDER = "cohere";

/**
 * Cohere finish_reason → OpenAI. COMPLETE/STOP_SEQUENCE → stop, MAX_TOKENS → length,
 * TOOL_CALL → tool_calls, ERROR_TOXIC → content_filter. A turn that made tool calls ends in
 * tool_calls whatever Cohere says, since that is what OpenAI clients loop on.
 */
export function cohereFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case "MAX_TOKENS":
      return "length";
    case "TOOL_CALL":
      return "tool_calls";
    case "ERROR_TOXIC":
      return "content_filter";
    default:
      return hasToolCalls ? "tool_calls" : "stop";
  }
}

/** ERROR and TIMEOUT end a generation without an answer: they are errors, not finish reasons. */
export function cohereFinishError(reason: string | null | undefined, detail?: string | null): GatewayError | undefined {
  if (reason === "ERROR") {
    return new InternalServerError(`${PROVIDER} error: ${detail || "the generation failed"}`, {
      provider: PROVIDER,
      code: "generation_error",
    });
  }
  if (reason === "TIMEOUT") {
    return new TimeoutError(`${PROVIDER} error: ${detail || "the generation exceeded the time limit"}`, {
      provider: PROVIDER,
      code: "timeout",
    });
  }
  return undefined;
}
