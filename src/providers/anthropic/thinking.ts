import type { ChatCompletionRequest } from "../../openai/chat-request.js";

/** reasoning_effort → thinking budget (Anthropic's minimum budget is 1024). "none" disables thinking. */
export const EFFORT_BUDGET: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 2048,
  high: 4096,
  xhigh: 8192,
};

export const DEFAULT_THINKING_BUDGET = 1024;

/**
 * The thinking budget a request asks for, or undefined for no thinking.
 * An explicit `thinking` object wins over `reasoning_effort`.
 */
export function thinkingBudget(req: ChatCompletionRequest): number | undefined {
  if (req.thinking) {
    if (req.thinking.type === "disabled") return undefined;
    return req.thinking.budget_tokens ?? EFFORT_BUDGET[req.reasoning_effort ?? ""] ?? DEFAULT_THINKING_BUDGET;
  }
  if (!req.reasoning_effort || req.reasoning_effort === "none") return undefined;
  return EFFORT_BUDGET[req.reasoning_effort];
}

/** Output cap when the client sets none: 4096 for Claude 3 (Opus/Sonnet/Haiku), 8192 for later models. */
export function defaultMaxTokens(model: string): number {
  return /claude-3-(opus|sonnet|haiku)/.test(model) ? 4096 : 8192;
}

/**
 * Anthropic's required max_tokens: the client's max_completion_tokens / max_tokens, else the deployment's
 * litellm_params.max_tokens, else the family default (capped by model_info's output limit).
 * With thinking, max_tokens must exceed the budget: a cap at or below it becomes budget + cap, so the
 * visible answer keeps the room the client asked for.
 */
export function resolveMaxTokens(opts: {
  req: ChatCompletionRequest;
  model: string;
  configured?: number;
  modelMax?: number;
  budget?: number;
}): number {
  const fallback = Math.min(defaultMaxTokens(opts.model), opts.modelMax ?? Infinity);
  const cap = opts.req.max_completion_tokens ?? opts.req.max_tokens ?? opts.configured ?? fallback;
  if (opts.budget !== undefined && cap <= opts.budget) return opts.budget + cap;
  return cap;
}
