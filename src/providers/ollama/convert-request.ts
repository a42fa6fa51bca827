import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import type { ProviderContext } from "../provider.js";
import { toOllamaMessages } from "./convert-messages.js";
import { toOllamaTools } from "./tools.js";

type Think = boolean | "low" | "medium" | "high";

const EFFORT_THINK: Readonly<Record<string, Think>> = {
  none: false,
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "high",
};

/** `thinking` wins over `reasoning_effort`; efforts become Ollama's think levels. */
export function ollamaThink(req: ChatCompletionRequest): Think | undefined {
  if (req.thinking) return req.thinking.type === "enabled";
  return req.reasoning_effort ? EFFORT_THINK[req.reasoning_effort] : undefined;
}

/** json_object → "json"; json_schema → the schema itself. */
function ollamaFormat(req: ChatCompletionRequest): "json" | Record<string, unknown> | undefined {
  const f = req.response_format;
  if (!f || f.type === "text") return undefined;
  if (f.type === "json_schema" && f.json_schema.schema) return f.json_schema.schema;
  return "json";
}

function ollamaOptions(req: ChatCompletionRequest): Record<string, unknown> | undefined {
  const o: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== undefined && v !== null) o[k] = v;
  };
  set("temperature", req.temperature);
  set("top_p", req.top_p);
  set("seed", req.seed);
  set("num_predict", req.max_completion_tokens ?? req.max_tokens);
  if (req.stop != null) o.stop = typeof req.stop === "string" ? [req.stop] : req.stop;
  set("presence_penalty", req.presence_penalty);
  set("frequency_penalty", req.frequency_penalty);
  return Object.keys(o).length ? o : undefined;
}

/** OpenAI request → Ollama /api/chat body (stream always explicit: Ollama streams by default). */
export async function toOllamaBody(ctx: ProviderContext): Promise<Record<string, unknown>> {
  const req = ctx.request;
  const media = ctx.signal ? { fetch: ctx.fetch, signal: ctx.signal } : { fetch: ctx.fetch };
  const body: Record<string, unknown> = {
    model: ctx.deployment.model,
    messages: await toOllamaMessages(req.messages, media),
    stream: ctx.stream,
  };
  const tools = toOllamaTools(req, ctx.deployment);
  if (tools) body.tools = tools;
  const format = ollamaFormat(req);
  if (format !== undefined) body.format = format;
  const options = ollamaOptions(req);
  if (options) body.options = options;
  const think = ollamaThink(req);
  if (think !== undefined) body.think = think;
  return body;
}
