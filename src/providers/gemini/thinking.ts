import type { ChatCompletionRequest } from "../../openai/chat-request.js";

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: "low" | "high";
}

type Effort = NonNullable<ChatCompletionRequest["reasoning_effort"]>;

const BUDGETS: Record<Exclude<Effort, "none">, number> = {
  minimal: 128,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 24576,
};

/** Gemini 3 and later: thinking levels instead of token budgets, and mandatory thought signatures. */
export function usesThinkingLevels(model: string): boolean {
  const m = /gemini-(\d+)/.exec(model);
  return m !== null && Number(m[1]) >= 3;
}

/**
 * `reasoning_effort` / Anthropic-style `thinking` → Gemini thinkingConfig, with thoughts included
 * in the response (they come back as `reasoning_content`). Gemini 2.x gets a token budget
 * (none → 0 disables thinking); Gemini 3+ gets a level (minimal/low → low, medium and up → high;
 * thinking cannot be turned off there, so none → low).
 */
export function toThinkingConfig(req: ChatCompletionRequest, model: string): GeminiThinkingConfig | undefined {
  if (req.thinking) {
    if (req.thinking.type === "disabled")
      return usesThinkingLevels(model) ? { thinkingLevel: "low" } : { thinkingBudget: 0 };
    const budget = req.thinking.budget_tokens;
    if (usesThinkingLevels(model))
      return { includeThoughts: true, thinkingLevel: budget !== undefined && budget <= 1024 ? "low" : "high" };
    return budget !== undefined ? { includeThoughts: true, thinkingBudget: budget } : { includeThoughts: true };
  }
  const effort = req.reasoning_effort;
  if (!effort) return undefined;
  if (usesThinkingLevels(model)) {
    if (effort === "none") return { thinkingLevel: "low" };
    return { includeThoughts: true, thinkingLevel: effort === "minimal" || effort === "low" ? "low" : "high" };
  }
  if (effort === "none") return { thinkingBudget: 0 };
  return { includeThoughts: true, thinkingBudget: BUDGETS[effort] };
}
