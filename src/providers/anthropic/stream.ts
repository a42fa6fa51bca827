import type { ChatCompletionChunk } from "../../openai/chat-response.js";
import type { ProviderContext, StreamMapper, UpstreamEvent } from "../provider.js";
import { nowSeconds, roleChunker, type ChunkHead } from "../shared/chunks.js";
import { parseUpstreamAs, parseUpstreamText } from "../shared/json.js";
import {
  ContentBlockDeltaEvent,
  ContentBlockStartEvent,
  ContentBlockStopEvent,
  MessageDeltaEvent,
  MessageStartEvent,
  StreamEventHead,
  type AnthropicUsage,
} from "./api.js";
import type { AnthropicMapOptions } from "./convert-response.js";
import { anthropicStreamError } from "./error.js";
import { finishReasonOf } from "./finish-reason.js";
import { JSON_TOOL_NAME, usesJsonTool } from "./tools.js";
import { mergeUsage, toOpenAIUsage } from "./usage.js";

type Block =
  | { kind: "text" | "json" | "other" }
  | { kind: "tool"; toolIndex: number }
  | { kind: "thinking"; thinking: string; signature: string };

/**
 * Anthropic SSE → OpenAI chunks. message_start gives the role chunk; text/thinking/tool deltas map
 * one to one (tool calls get 0-based indexes in order of appearance, first delta carries id and name);
 * a finished thinking block is emitted whole in `delta.thinking_blocks` (with its signature) at
 * content_block_stop; message_delta gives the finish chunk carrying usage; message_stop ends.
 */
export function createAnthropicStreamMapper(ctx: ProviderContext, opts: AnthropicMapOptions = {}): StreamMapper {
  const provider = opts.provider ?? "anthropic";
  const json = usesJsonTool(ctx.request);
  const head: ChunkHead = { id: ctx.requestId, model: ctx.deployment.model, created: nowSeconds(ctx.now) };
  const blocks = new Map<number, Block>();
  let usage: AnthropicUsage = {};
  let toolCount = 0;
  let finished = false;
  const { chunk } = roleChunker(head);
  const finish = (stopReason: string | null | undefined): ChatCompletionChunk => {
    finished = true;
    const c = chunk({}, finishReasonOf(stopReason, { realToolCalls: toolCount > 0 }));
    c.usage = toOpenAIUsage(usage);
    return c;
  };

  function blockStart(value: unknown): ChatCompletionChunk[] {
    const { index, content_block: b } = parseUpstreamAs(ContentBlockStartEvent, value, provider);
    switch (b.type) {
      case "text":
        blocks.set(index, { kind: "text" });
        return b.text ? [chunk({ content: b.text })] : [];
      case "tool_use": {
        if (json && b.name === JSON_TOOL_NAME) {
          blocks.set(index, { kind: "json" });
          return [];
        }
        const toolIndex = toolCount++;
        blocks.set(index, { kind: "tool", toolIndex });
        const id = b.id ?? `toolu_${toolIndex}`;
        return [
          chunk({
            tool_calls: [{ index: toolIndex, id, type: "function", function: { name: b.name ?? "", arguments: "" } }],
          }),
        ];
      }
      case "thinking":
        blocks.set(index, { kind: "thinking", thinking: b.thinking ?? "", signature: b.signature ?? "" });
        return b.thinking ? [chunk({ reasoning_content: b.thinking })] : [];
      case "redacted_thinking":
        blocks.set(index, { kind: "other" });
        return [chunk({ thinking_blocks: [{ type: "redacted_thinking", data: b.data ?? "" }] })];
      default:
        blocks.set(index, { kind: "other" });
        return [];
    }
  }

  function blockDelta(value: unknown): ChatCompletionChunk[] {
    const { index, delta: d } = parseUpstreamAs(ContentBlockDeltaEvent, value, provider);
    const block = blocks.get(index);
    if (!block) return [];
    if (d.type === "text_delta" && d.text) return [chunk({ content: d.text })];
    if (d.type === "input_json_delta" && d.partial_json) {
      if (block.kind === "json") return [chunk({ content: d.partial_json })];
      if (block.kind === "tool")
        return [chunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: d.partial_json } }] })];
    }
    if (block.kind === "thinking") {
      if (d.type === "thinking_delta" && d.thinking) {
        block.thinking += d.thinking;
        return [chunk({ reasoning_content: d.thinking })];
      }
      if (d.type === "signature_delta" && d.signature) block.signature += d.signature;
    }
    return [];
  }

  function blockStop(value: unknown): ChatCompletionChunk[] {
    const { index } = parseUpstreamAs(ContentBlockStopEvent, value, provider);
    const block = blocks.get(index);
    if (block?.kind !== "thinking") return [];
    return [chunk({ thinking_blocks: [{ type: "thinking", thinking: block.thinking, signature: block.signature }] })];
  }

  return {
    onEvent(ev: UpstreamEvent) {
      const value = parseUpstreamText(StreamEventHead, ev.data, provider);
      switch (value.type) {
        case "message_start": {
          const { message } = parseUpstreamAs(MessageStartEvent, value, provider);
          if (message.id) head.id = message.id;
          if (message.model) head.model = message.model;
          usage = mergeUsage(usage, message.usage);
          return [chunk({ content: "" })];
        }
        case "content_block_start":
          return blockStart(value);
        case "content_block_delta":
          return blockDelta(value);
        case "content_block_stop":
          return blockStop(value);
        case "message_delta": {
          const e = parseUpstreamAs(MessageDeltaEvent, value, provider);
          usage = mergeUsage(usage, e.usage);
          return [finish(e.delta?.stop_reason)];
        }
        case "message_stop":
          return finished ? ["done"] : [finish(undefined)];
        case "error":
          throw anthropicStreamError(ev.data, { provider });
        default:
          return []; // ping and future event types
      }
    },
    // A stream cut before message_delta/message_stop simply never returns "done" and carries no
    // finish_reason; shared code decides how to report that. Nothing is invented here.
    onEnd: () => [],
  };
}
