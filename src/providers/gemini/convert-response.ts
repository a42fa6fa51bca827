import type { ToolCall } from "../../openai/chat-request.js";
import type { AssistantMessage, ChatCompletion } from "../../openai/chat-response.js";
import { BadGatewayError, ContentPolicyViolationError } from "../../errors/gateway-error.js";
import type { ProviderContext } from "../provider.js";
import { nowSeconds } from "../shared/chunks.js";
import { parseUpstreamAs } from "../shared/json.js";
import { GeminiResponse, type GeminiCandidate } from "./api.js";
import { toFinishReason } from "./finish-reason.js";
import { makeToolCallId } from "./tool-call-id.js";
import { toUsage } from "./usage.js";

/** A response that has no candidates because the prompt was blocked is a content-policy error. */
export function assertNotBlocked(r: GeminiResponse, provider: string): void {
  const reason = r.promptFeedback?.blockReason;
  if (reason && !(r.candidates ?? []).length) {
    const detail = r.promptFeedback?.blockReasonMessage ? `: ${r.promptFeedback.blockReasonMessage}` : "";
    throw new ContentPolicyViolationError(`${provider} blocked the prompt (${reason})${detail}`, {
      provider,
      code: "content_policy_violation",
    });
  }
}

/** Candidates in index order, each with the index it reports (or its position). */
export function indexedCandidates(r: GeminiResponse): Array<{ index: number; candidate: GeminiCandidate }> {
  return (r.candidates ?? [])
    .map((candidate, i) => ({ index: candidate.index ?? i, candidate }))
    .sort((a, b) => a.index - b.index);
}

/** Tool call numbering shared by every candidate of one response, so ids stay unique. */
export interface ToolCallCounter {
  requestId: string;
  next: number;
}

function toMessage(c: GeminiCandidate, counter: ToolCallCounter): AssistantMessage {
  let text = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  for (const p of c.content?.parts ?? []) {
    if (p.functionCall) {
      const id = makeToolCallId({
        requestId: counter.requestId,
        n: counter.next++,
        thoughtSignature: p.thoughtSignature,
      });
      toolCalls.push({
        id,
        type: "function",
        function: { name: p.functionCall.name, arguments: JSON.stringify(p.functionCall.args ?? {}) },
      });
    } else if (p.text) {
      if (p.thought) reasoning += p.text;
      else text += p.text;
    }
  }
  const msg: AssistantMessage = { role: "assistant", content: text === "" ? null : text };
  if (reasoning) msg.reasoning_content = reasoning;
  if (toolCalls.length) msg.tool_calls = toolCalls;
  return msg;
}

/** A non-stream generateContent response → ChatCompletion. */
export function toCompletion(ctx: ProviderContext, body: unknown, provider: string): ChatCompletion {
  const r = parseUpstreamAs(GeminiResponse, body, provider);
  assertNotBlocked(r, provider);
  const candidates = indexedCandidates(r);
  if (!candidates.length)
    throw new BadGatewayError(`${provider} returned no candidates`, { provider, code: "invalid_upstream_response" });
  const counter: ToolCallCounter = { requestId: ctx.requestId, next: 0 };
  const completion: ChatCompletion = {
    id: ctx.requestId,
    object: "chat.completion",
    created: nowSeconds(ctx.now),
    model: r.modelVersion ?? ctx.deployment.model,
    choices: candidates.map(({ index, candidate }) => {
      const message = toMessage(candidate, counter);
      const finish = toFinishReason(candidate.finishReason ?? "STOP", (message.tool_calls ?? []).length > 0);
      return { index, message, finish_reason: finish };
    }),
  };
  if (r.usageMetadata) completion.usage = toUsage(r.usageMetadata);
  return completion;
}
