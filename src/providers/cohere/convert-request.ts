import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import type { ProviderContext } from "../provider.js";
import { toCohereMessages } from "./convert-messages.js";
import { toCohereTools } from "./tools.js";

/** reasoning_effort → thinking token budget. */
const EFFORT_BUDGET: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 2048,
  high: 4096,
  xhigh: 8192,
};

type Thinking = { type: "enabled"; token_budget?: number } | { type: "disabled" };

/** `thinking` (explicit) wins over `reasoning_effort`; neither → Cohere's default for the model. */
export function cohereThinking(req: ChatCompletionRequest): Thinking | undefined {
  if (req.thinking) {
    if (req.thinking.type === "disabled") return { type: "disabled" };
    const budget = req.thinking.budget_tokens ?? EFFORT_BUDGET[req.reasoning_effort ?? ""];
    return budget === undefined ? { type: "enabled" } : { type: "enabled", token_budget: budget };
  }
  if (!req.reasoning_effort) return undefined;
  if (req.reasoning_effort === "none") return { type: "disabled" };
  return { type: "enabled", token_budget: EFFORT_BUDGET[req.reasoning_effort]! };
}

function responseFormat(req: ChatCompletionRequest): Record<string, unknown> | undefined {
  const f = req.response_format;
  if (!f || f.type === "text") return undefined;
  if (f.type === "json_object") return { type: "json_object" };
  return f.json_schema.schema ? { type: "json_object", json_schema: f.json_schema.schema } : { type: "json_object" };
}

/** OpenAI request → Cohere v2 /v2/chat body. */
export function toCohereBody(ctx: ProviderContext): Record<string, unknown> {
  const req = ctx.request;
  const body: Record<string, unknown> = {
    model: ctx.deployment.model,
    messages: toCohereMessages(req.messages),
    stream: ctx.stream,
    ...toCohereTools(req),
  };
  const set = (k: string, v: unknown) => {
    if (v !== undefined && v !== null) body[k] = v;
  };
  set("max_tokens", req.max_completion_tokens ?? req.max_tokens);
  set("temperature", req.temperature);
  set("p", req.top_p);
  set("seed", req.seed);
  set("frequency_penalty", req.frequency_penalty);
  set("presence_penalty", req.presence_penalty);
  if (req.stop != null) body.stop_sequences = typeof req.stop === "string" ? [req.stop] : req.stop;
  set("response_format", responseFormat(req));
  set("thinking", cohereThinking(req));
  return body;
}
