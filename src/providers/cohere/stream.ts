import type { ChatCompletionChunk } from "../../openai/chat-response.js";
import type { ProviderContext, StreamMapper } from "../provider.js";
import { makeUsageChunk, nowSeconds, roleChunker, type ChunkHead } from "../shared/chunks.js";
import { parseUpstreamAs, parseUpstreamText } from "../shared/json.js";
import { generatedToolCallId } from "../shared/tool-calls.js";
import {
  CohereContentEvent,
  CohereMessageEndEvent,
  CohereStreamHead,
  CohereToolCallEvent,
  CohereToolPlanEvent,
} from "./api.js";
import { cohereUsage } from "./convert-response.js";
import { cohereFinishError, cohereFinishReason } from "./finish-reason.js";

const PROVIDER = "cohere";

/**
 * Cohere v2 SSE events → OpenAI chunks. Text and tool-plan deltas become content, thinking
 * deltas reasoning_content; tool-call-start/-delta become OpenAI tool-call deltas with stable
 * 0-based indexes; message-end carries the finish reason and usage and ends the stream.
 */
export function cohereStreamMapper(ctx: ProviderContext): StreamMapper {
  const head: ChunkHead = { id: ctx.requestId, model: ctx.deployment.model, created: nowSeconds(ctx.now) };
  let ended = false;
  const toolIndex = new Map<number, number>();
  let lastTool = -1;
  const { chunk } = roleChunker(head);
  const text = (content: string | null | undefined): ChatCompletionChunk[] => (content ? [chunk({ content })] : []);
  const thinking = (t: string | null | undefined): ChatCompletionChunk[] =>
    t ? [chunk({ reasoning_content: t })] : [];

  return {
    onEvent(ev) {
      if (ended) return [];
      if (ev.data === "[DONE]") return ["done"];
      const e = parseUpstreamText(CohereStreamHead, ev.data, PROVIDER);
      switch (e.type) {
        case "message-start":
          if (e.id) head.id = e.id;
          return [chunk({ content: "" })];
        case "content-start":
        case "content-delta": {
          const c = parseUpstreamAs(CohereContentEvent, e, PROVIDER).delta?.message?.content;
          return [...thinking(c?.thinking), ...text(c?.text)];
        }
        case "tool-plan-delta":
          return text(parseUpstreamAs(CohereToolPlanEvent, e, PROVIDER).delta?.message?.tool_plan);
        case "tool-call-start": {
          const c = parseUpstreamAs(CohereToolCallEvent, e, PROVIDER).delta?.message?.tool_calls;
          const index = toolIndex.size;
          toolIndex.set(e.index ?? index, index);
          lastTool = index;
          const id = c?.id || generatedToolCallId(ctx.requestId, index);
          return [
            chunk({
              tool_calls: [
                {
                  index,
                  id,
                  type: "function",
                  function: { name: c?.function?.name ?? "", arguments: c?.function?.arguments ?? "" },
                },
              ],
            }),
          ];
        }
        case "tool-call-delta": {
          const args = parseUpstreamAs(CohereToolCallEvent, e, PROVIDER).delta?.message?.tool_calls?.function
            ?.arguments;
          const index = (e.index != null ? toolIndex.get(e.index) : undefined) ?? lastTool;
          if (!args || index < 0) return [];
          return [chunk({ tool_calls: [{ index, function: { arguments: args } }] })];
        }
        case "message-end": {
          ended = true;
          const d = parseUpstreamAs(CohereMessageEndEvent, e, PROVIDER).delta;
          const err = cohereFinishError(d?.finish_reason, d?.error);
          if (err) throw err;
          const out: Array<ChatCompletionChunk | "done"> = [];
          out.push(chunk({}, cohereFinishReason(d?.finish_reason, toolIndex.size > 0)));
          const usage = cohereUsage(d?.usage);
          if (usage) out.push(makeUsageChunk(head, usage));
          out.push("done");
          return out;
        }
        default:
          return [];
      }
    },
    // A stream cut before message-end gets no finish chunk: the caller sees it never finished.
    onEnd: () => [],
  };
}
