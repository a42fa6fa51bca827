import type { ToolCall } from "../../openai/chat-request.js";
import type { AssistantMessage, ChatCompletion, ThinkingBlock, Usage } from "../../openai/chat-response.js";
import { makeUsage } from "../shared/chunks.js";
import { makeCompletion } from "../shared/completion.js";
import { parseUpstreamAs } from "../shared/json.js";
import type { ProviderContext } from "../provider.js";
import { ConverseResponse, type BedrockUsage } from "./api.js";
import { PROVIDER } from "./error.js";
import { finishReasonOf } from "./finish-reason.js";
import { JSON_TOOL_NAME, jsonModeOf } from "./tools.js";

/**
 * Bedrock usage → OpenAI usage. Bedrock's inputTokens excludes cache reads and writes; OpenAI's
 * prompt_tokens includes them, with cached_tokens / cache_creation_tokens as the breakdown.
 */
export function usageOf(u: BedrockUsage): Usage {
  const read = u.cacheReadInputTokens ?? undefined;
  const write = u.cacheWriteInputTokens ?? undefined;
  const prompt = (u.inputTokens ?? 0) + (read ?? 0) + (write ?? 0);
  return makeUsage(prompt, u.outputTokens ?? 0, { cached: read, cacheWrite: write });
}

/** Converse response → ChatCompletion. In JSON mode the forced tool's input is the content. */
export function toCompletion(ctx: ProviderContext, body: unknown): ChatCompletion {
  const r = parseUpstreamAs(ConverseResponse, body, PROVIDER);
  const jsonMode = jsonModeOf(ctx.request) !== undefined;
  let text = "";
  let reasoning = "";
  const thinking: ThinkingBlock[] = [];
  const toolCalls: ToolCall[] = [];
  for (const b of r.output.message?.content ?? []) {
    if (b.text != null) text += b.text;
    if (b.toolUse) {
      if (jsonMode && b.toolUse.name === JSON_TOOL_NAME) text += JSON.stringify(b.toolUse.input ?? {});
      else
        toolCalls.push({
          id: b.toolUse.toolUseId,
          type: "function",
          function: { name: b.toolUse.name, arguments: JSON.stringify(b.toolUse.input ?? {}) },
        });
    }
    const rc = b.reasoningContent;
    if (rc?.reasoningText) {
      const t = rc.reasoningText.text ?? "";
      reasoning += t;
      thinking.push(
        rc.reasoningText.signature
          ? { type: "thinking", thinking: t, signature: rc.reasoningText.signature }
          : { type: "thinking", thinking: t },
      );
    }
    if (rc?.redactedContent) thinking.push({ type: "redacted_thinking", data: rc.redactedContent });
  }
  const message: AssistantMessage = { role: "assistant", content: text === "" && toolCalls.length ? null : text };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (thinking.length) {
    message.reasoning_content = reasoning;
    message.thinking_blocks = thinking;
  }
  return makeCompletion(ctx, {
    message,
    finishReason: finishReasonOf(r.stopReason, toolCalls.length === 0),
    usage: r.usage ? usageOf(r.usage) : undefined,
  });
}
