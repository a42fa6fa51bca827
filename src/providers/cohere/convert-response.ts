import type { ToolCall } from "../../openai/chat-request.js";
import type { AssistantMessage, ChatCompletion, Usage } from "../../openai/chat-response.js";
import type { ProviderContext } from "../provider.js";
import { makeUsage } from "../shared/chunks.js";
import { makeCompletion } from "../shared/completion.js";
import { parseUpstreamAs } from "../shared/json.js";
import { generatedToolCallId } from "../shared/tool-calls.js";
import { CohereChatResponse, type CohereToolCall, type CohereUsage } from "./api.js";
import { cohereFinishError, cohereFinishReason } from "./finish-reason.js";

const PROVIDER = "cohere";

const int = (n: number | null | undefined): number | undefined => (n == null ? undefined : Math.max(0, Math.round(n)));

/**
 * Billed units are what Cohere charges for (its own prompt scaffolding is not billed), so they
 * win over the raw token counts. Cached tokens are counted on the raw prompt, so they are capped
 * at the prompt tokens reported.
 */
export function cohereUsage(u: CohereUsage | null | undefined): Usage | undefined {
  if (!u) return undefined;
  const prompt = int(u.billed_units?.input_tokens) ?? int(u.tokens?.input_tokens);
  const completion = int(u.billed_units?.output_tokens) ?? int(u.tokens?.output_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const cached = int(u.cached_tokens);
  return makeUsage(prompt ?? 0, completion ?? 0, cached === undefined ? {} : { cached: Math.min(cached, prompt ?? 0) });
}

export function toOpenAIToolCall(c: CohereToolCall, fallbackId: string): ToolCall {
  return {
    id: c.id || fallbackId,
    type: "function",
    function: { name: c.function?.name ?? "", arguments: c.function?.arguments ?? "" },
  };
}

/** Cohere v2 non-stream response → ChatCompletion. The tool plan is the text before the calls. */
export function toCompletion(ctx: ProviderContext, body: unknown): ChatCompletion {
  const r = parseUpstreamAs(CohereChatResponse, body, PROVIDER);
  const err = cohereFinishError(r.finish_reason);
  if (err) throw err;
  let text = r.message.tool_plan ?? "";
  let reasoning = "";
  for (const item of r.message.content ?? []) {
    if (item.type === "text") text += item.text ?? "";
    else if (item.type === "thinking") reasoning += item.thinking ?? "";
  }
  const toolCalls = (r.message.tool_calls ?? []).map((c, i) =>
    toOpenAIToolCall(c, generatedToolCallId(ctx.requestId, i)),
  );
  const message: AssistantMessage = { role: "assistant", content: text || null };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length) message.tool_calls = toolCalls;
  return makeCompletion(ctx, {
    id: r.id || ctx.requestId,
    message,
    finishReason: cohereFinishReason(r.finish_reason, toolCalls.length > 0),
    usage: cohereUsage(r.usage),
  });
}
