import type { FinishReason } from "../../openai/chat-response.js";

const FILTERED = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

/**
 * Gemini `finishReason` → OpenAI. STOP becomes `tool_calls` when the candidate called functions;
 * safety-type stops are `content_filter`; anything else (OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, ...) is `stop`.
 */
export function toFinishReason(reason: string, hasToolCalls: boolean): FinishReason {
  if (reason === "MAX_TOKENS") return "length";
  if (FILTERED.has(reason)) return "content_filter";
  return hasToolCalls ? "tool_calls" : "stop";
}
