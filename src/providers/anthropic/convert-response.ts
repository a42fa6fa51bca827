import type { ToolCall } from "../../openai/chat-request.js";
import type { AssistantMessage, ChatCompletion, ThinkingBlock } from "../../openai/chat-response.js";
import type { ProviderContext } from "../provider.js";
import { nowSeconds } from "../shared/chunks.js";
import { parseUpstreamAs } from "../shared/json.js";
import { AnthropicMessage } from "./api.js";
import { finishReasonOf } from "./finish-reason.js";
import { JSON_TOOL_NAME, usesJsonTool } from "./tools.js";
import { toOpenAIUsage } from "./usage.js";

export interface AnthropicMapOptions {
  /** Provider name in errors and messages (default "anthropic"). */
  provider?: string;
}

/**
 * Anthropic message → ChatCompletion. Text blocks join into `content`; tool_use blocks become
 * `tool_calls` (arguments = JSON of `input`); thinking blocks give `reasoning_content` and
 * `thinking_blocks` (redacted ones too, in order, signatures kept). In JSON mode the JSON tool's
 * input is the content. Server-side blocks (web search, ...) are not surfaced.
 */
export function parseAnthropicResponse(
  ctx: ProviderContext,
  body: unknown,
  opts: AnthropicMapOptions = {},
): ChatCompletion {
  const provider = opts.provider ?? "anthropic";
  const msg = parseUpstreamAs(AnthropicMessage, body, provider);
  const json = usesJsonTool(ctx.request);
  const texts: string[] = [];
  const reasoning: string[] = [];
  const thinking: ThinkingBlock[] = [];
  const calls: ToolCall[] = [];
  for (const b of msg.content ?? []) {
    if (b.type === "text") texts.push(b.text ?? "");
    else if (b.type === "thinking") {
      reasoning.push(b.thinking ?? "");
      thinking.push({ type: "thinking", thinking: b.thinking ?? "", signature: b.signature ?? "" });
    } else if (b.type === "redacted_thinking") thinking.push({ type: "redacted_thinking", data: b.data ?? "" });
    else if (b.type === "tool_use") {
      const args = JSON.stringify(b.input ?? {});
      if (json && b.name === JSON_TOOL_NAME) texts.push(args);
      else
        calls.push({
          id: b.id ?? `toolu_${calls.length}`,
          type: "function",
          function: { name: b.name ?? "", arguments: args },
        });
    }
  }
  const message: AssistantMessage = { role: "assistant", content: texts.length > 0 ? texts.join("") : null };
  if (calls.length > 0) message.tool_calls = calls;
  if (thinking.length > 0) {
    message.reasoning_content = reasoning.join("");
    message.thinking_blocks = thinking;
  }
  return {
    id: msg.id ?? ctx.requestId,
    object: "chat.completion",
    created: nowSeconds(ctx.now),
    model: msg.model ?? ctx.deployment.model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: finishReasonOf(msg.stop_reason, { realToolCalls: calls.length > 0 }),
        logprobs: null,
      },
    ],
    usage: toOpenAIUsage(msg.usage),
  };
}
