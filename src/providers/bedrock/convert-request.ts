import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import type { ProviderContext } from "../provider.js";
import type { ConverseRequest } from "./api.js";
import { convertMessages, toolNamesInHistory } from "./convert-messages.js";
import { buildToolConfig } from "./tools.js";
import { modelIdOf } from "./url.js";

/** Anthropic Claude on Bedrock (foundation ids, inference profiles, ARNs). */
export function isClaude(model: string): boolean {
  return /anthropic\.claude|(^|[./])claude-/i.test(modelIdOf(model));
}

const EFFORT_BUDGET: Record<string, number> = { minimal: 1024, low: 1024, medium: 2048, high: 4096, xhigh: 8192 };
/** Output room left above the thinking budget when the client sets no max_tokens. */
const ANSWER_TOKENS = 4096;

/** thinking / reasoning_effort → Claude's extended-thinking budget (undefined: no thinking). */
export function thinkingBudget(req: ChatCompletionRequest): number | undefined {
  if (req.thinking)
    return req.thinking.type === "enabled" ? (req.thinking.budget_tokens ?? EFFORT_BUDGET.low) : undefined;
  if (req.reasoning_effort && req.reasoning_effort !== "none") return EFFORT_BUDGET[req.reasoning_effort];
  return undefined;
}

function inferenceConfig(ctx: ProviderContext, budget: number | undefined): ConverseRequest["inferenceConfig"] {
  const r = ctx.request;
  const cfg: NonNullable<ConverseRequest["inferenceConfig"]> = {};
  const max = r.max_completion_tokens ?? r.max_tokens ?? ctx.deployment.params.max_tokens;
  if (max != null) cfg.maxTokens = max;
  else if (budget !== undefined) cfg.maxTokens = budget + ANSWER_TOKENS;
  if (r.temperature != null) cfg.temperature = r.temperature;
  if (r.top_p != null) cfg.topP = r.top_p;
  if (r.stop != null) cfg.stopSequences = typeof r.stop === "string" ? [r.stop] : r.stop;
  return Object.keys(cfg).length ? cfg : undefined;
}

/** OpenAI chat request → Converse request body (the same body serves converse and converse-stream). */
export async function buildConverseBody(ctx: ProviderContext): Promise<ConverseRequest> {
  const req = ctx.request;
  const { system, messages } = await convertMessages(ctx, req.messages);
  const budget = isClaude(ctx.deployment.model) ? thinkingBudget(req) : undefined;
  const body: ConverseRequest = { messages };
  if (system.length) body.system = system;
  const cfg = inferenceConfig(ctx, budget);
  if (cfg) body.inferenceConfig = cfg;
  const toolConfig = buildToolConfig(req, { thinking: budget !== undefined, history: toolNamesInHistory(messages) });
  if (toolConfig) body.toolConfig = toolConfig;
  if (budget !== undefined)
    body.additionalModelRequestFields = { thinking: { type: "enabled", budget_tokens: budget } };
  return body;
}
