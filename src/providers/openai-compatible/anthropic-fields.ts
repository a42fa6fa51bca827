import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import type { Deployment } from "../deployment.js";

/**
 * What an OpenAI-style vendor does with the Anthropic fields a chat request may carry (the translated
 * Messages path produces them; LiteLLM clients send them too). One row of data per vendor.
 */
export interface AnthropicFieldRules {
  /**
   * Models that take `reasoning_effort`: on them a `thinking` request becomes reasoning_effort (unless
   * the request set one); elsewhere `thinking` is removed. `model_info.supports_reasoning: true` marks
   * a deployment's model as one of them.
   */
  reasoningModels?: RegExp;
  /** The vendor reads `cache_control` (OpenRouter passes it on to Claude and Gemini); else it is removed. */
  cacheControl?: boolean;
  /** The vendor takes earlier reasoning back as an assistant's `reasoning_content`; else it is removed. */
  reasoningContent?: boolean;
  /** The vendor takes `max_tokens` only: `max_completion_tokens` is sent under that name. */
  maxTokensField?: "max_tokens";
  /**
   * The longest `user` the vendor accepts (OpenAI 64, OpenRouter 128); a longer one (Claude Code's
   * metadata.user_id is about 150 characters) is removed rather than refused.
   */
  userMaxLength?: number;
}

type Effort = NonNullable<ChatCompletionRequest["reasoning_effort"]>;

/**
 * A thinking budget as an effort: the inverse of the budgets the Claude adapter gives each effort
 * (low 1,024, medium 2,048, high 4,096 and up); no budget (adaptive thinking) is medium.
 */
export function effortOfBudget(budget: number | undefined): Effort {
  if (budget === undefined) return "medium";
  if (budget <= 1024) return "low";
  if (budget <= 2048) return "medium";
  return "high";
}

type Obj = Record<string, unknown>;

/** A content part or tool without `cache_control`; the same object when it has none. */
function uncached<T>(v: T): T {
  if (v === null || typeof v !== "object" || !("cache_control" in v)) return v;
  const { cache_control: _, ...rest } = v as Obj;
  return rest as T;
}

type Message = ChatCompletionRequest["messages"][number];

function cleanMessage(m: Message, rules: AnthropicFieldRules): Message {
  let out: Obj = m as Obj;
  const edit = () => {
    if (out === m) out = { ...out };
    return out;
  };
  if (!rules.cacheControl) {
    if ("cache_control" in out) delete edit().cache_control;
    if (Array.isArray(m.content) && m.content.some((p) => "cache_control" in p))
      edit().content = m.content.map(uncached);
    if (m.role === "assistant" && m.tool_calls?.some((c) => "cache_control" in c)) {
      edit().tool_calls = m.tool_calls.map(uncached);
    }
  }
  if (m.role === "assistant") {
    if (m.thinking_blocks !== undefined) delete edit().thinking_blocks;
    if (!rules.reasoningContent && m.reasoning_content !== undefined) delete edit().reasoning_content;
  }
  return out as Message;
}

/**
 * The request without what the vendor would refuse: `thinking` mapped to reasoning_effort on reasoning
 * models and removed elsewhere; `cache_control` (on messages, parts, tool calls and tools) unless the vendor reads it;
 * assistant `thinking_blocks` (Anthropic's signed blocks, which no OpenAI-style vendor takes) and
 * `reasoning_content` unless the vendor takes it; `max_completion_tokens` renamed where only `max_tokens`
 * is known; a `user` longer than the vendor takes removed. The request is copied only where something changes.
 */
export function withoutAnthropicFields(
  req: ChatCompletionRequest,
  rules: AnthropicFieldRules,
  d: Deployment,
): ChatCompletionRequest {
  let out = req;
  const edit = () => {
    if (out === req) out = { ...req };
    return out;
  };
  if (req.thinking != null) {
    const r = edit();
    delete r.thinking;
    const known = rules.reasoningModels;
    const reasons =
      d.modelInfo.supports_reasoning === true ||
      (known !== undefined && (known.test(d.model) || known.test(d.modelInfo.base_model ?? "")));
    if (reasons && req.thinking.type === "enabled" && req.reasoning_effort == null) {
      r.reasoning_effort = effortOfBudget(req.thinking.budget_tokens);
    }
  }
  if (rules.maxTokensField === "max_tokens" && req.max_completion_tokens != null) {
    const r = edit();
    r.max_tokens ??= req.max_completion_tokens;
    delete r.max_completion_tokens;
  }
  if (rules.userMaxLength !== undefined && req.user != null && req.user.length > rules.userMaxLength)
    delete edit().user;
  let messages: Message[] | undefined;
  req.messages.forEach((m, i) => {
    const c = cleanMessage(m, rules);
    if (c === m) return;
    messages ??= req.messages.slice();
    messages[i] = c;
  });
  if (messages) edit().messages = messages;
  if (!rules.cacheControl && req.tools?.some((t) => "cache_control" in t)) edit().tools = req.tools.map(uncached);
  return out;
}
