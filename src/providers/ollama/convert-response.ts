import type { ToolCall } from "../../openai/chat-request.js";
import type { AssistantMessage, ChatCompletion, Usage } from "../../openai/chat-response.js";
import type { ProviderContext } from "../provider.js";
import { makeUsage } from "../shared/chunks.js";
import { makeCompletion } from "../shared/completion.js";
import { parseUpstreamAs } from "../shared/json.js";
import { generatedToolCallId } from "../shared/tool-calls.js";
import { OllamaChatChunk, type OllamaToolCall } from "./api.js";
import { ollamaError } from "./error.js";
import { ollamaFinishReason } from "./finish-reason.js";

const PROVIDER = "ollama";

/** Arguments come as an object; OpenAI carries them as a JSON string. */
export function toOpenAIToolCall(c: OllamaToolCall, id: string): ToolCall {
  const args = c.function.arguments;
  return {
    id: c.id || id,
    type: "function",
    function: { name: c.function.name ?? "", arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}) },
  };
}

/** prompt_eval_count / eval_count of the final (done) object. */
export function ollamaUsage(c: OllamaChatChunk): Usage {
  const n = (v: number | null | undefined) => Math.max(0, Math.round(v ?? 0));
  return makeUsage(n(c.prompt_eval_count), n(c.eval_count));
}

export function toCompletion(ctx: ProviderContext, body: unknown): ChatCompletion {
  const r = parseUpstreamAs(OllamaChatChunk, body, PROVIDER);
  if (r.error) throw ollamaError({ message: r.error });
  const toolCalls = (r.message?.tool_calls ?? []).map((c, i) =>
    toOpenAIToolCall(c, generatedToolCallId(ctx.requestId, i)),
  );
  const message: AssistantMessage = {
    role: "assistant",
    content: r.message?.content || (toolCalls.length ? null : ""),
  };
  if (r.message?.thinking) message.reasoning_content = r.message.thinking;
  if (toolCalls.length) message.tool_calls = toolCalls;
  return makeCompletion(ctx, {
    model: r.model,
    message,
    finishReason: ollamaFinishReason(r.done_reason, toolCalls.length > 0),
    usage: ollamaUsage(r),
  });
}
