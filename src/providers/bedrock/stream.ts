import type { ChatCompletionChunk } from "../../openai/chat-response.js";
import { makeUsageChunk, nowSeconds, roleChunker, type ChunkHead } from "../shared/chunks.js";
import { parseUpstreamText } from "../shared/json.js";
import type { ProviderContext, StreamMapper, UpstreamEvent } from "../provider.js";
import { ContentBlockDeltaEvent, ContentBlockStartEvent, MessageStopEvent, MetadataEvent } from "./api.js";
import { PROVIDER, streamException } from "./error.js";
import { usageOf } from "./convert-response.js";
import { finishReasonOf } from "./finish-reason.js";
import { JSON_TOOL_NAME, jsonModeOf } from "./tools.js";

type Block = { kind: "tool"; index: number } | { kind: "json" };

/**
 * ConverseStream events → OpenAI chunks. messageStart opens with the role; text, tool input and
 * reasoning deltas map per content block; messageStop's reason is held until metadata so the
 * final chunk carries finish_reason and usage together; metadata ends the stream.
 */
export function bedrockStreamMapper(ctx: ProviderContext): StreamMapper {
  const head: ChunkHead = { id: ctx.requestId, model: ctx.deployment.model, created: nowSeconds(ctx.now) };
  const jsonMode = jsonModeOf(ctx.request) !== undefined;
  const blocks = new Map<number, Block>();
  let tools = 0;
  let stopReason: string | null | undefined;
  let finished = false;
  const chunker = roleChunker(head);
  const { chunk } = chunker;
  const finishReason = () => finishReasonOf(stopReason, tools === 0);

  const startTool = (index: number, id: string, name: string): ChatCompletionChunk[] => {
    if (jsonMode && name === JSON_TOOL_NAME) {
      blocks.set(index, { kind: "json" });
      return [];
    }
    const b: Block = { kind: "tool", index: tools++ };
    blocks.set(index, b);
    return [chunk({ tool_calls: [{ index: b.index, id, type: "function", function: { name, arguments: "" } }] })];
  };

  const onDelta = (ev: UpstreamEvent): ChatCompletionChunk[] => {
    const { contentBlockIndex: i, delta } = parseUpstreamText(ContentBlockDeltaEvent, ev.data, PROVIDER);
    const out: ChatCompletionChunk[] = [];
    if (delta.text) out.push(chunk({ content: delta.text }));
    const input = delta.toolUse?.input;
    if (input != null) {
      if (!blocks.has(i)) out.push(...startTool(i, `tooluse_${ctx.requestId}_${i}`, ""));
      const b = blocks.get(i)!;
      if (input !== "")
        out.push(
          chunk(
            b.kind === "json"
              ? { content: input }
              : { tool_calls: [{ index: b.index, function: { arguments: input } }] },
          ),
        );
    }
    const rc = delta.reasoningContent;
    if (rc?.text)
      out.push(chunk({ reasoning_content: rc.text, thinking_blocks: [{ type: "thinking", thinking: rc.text }] }));
    if (rc?.signature)
      out.push(chunk({ thinking_blocks: [{ type: "thinking", thinking: "", signature: rc.signature }] }));
    if (rc?.redactedContent)
      out.push(chunk({ thinking_blocks: [{ type: "redacted_thinking", data: rc.redactedContent }] }));
    return out;
  };

  return {
    onEvent(ev) {
      const h = ev.headers ?? {};
      const messageType = h[":message-type"] ?? "event";
      if (messageType === "exception" || messageType === "error") throw streamException(h, ev.data);
      switch (h[":event-type"]) {
        case "messageStart":
          return chunker.started ? [] : [chunk({ content: "" })];
        case "contentBlockStart": {
          const e = parseUpstreamText(ContentBlockStartEvent, ev.data, PROVIDER);
          const t = e.start?.toolUse;
          return t ? startTool(e.contentBlockIndex, t.toolUseId, t.name) : [];
        }
        case "contentBlockDelta":
          return onDelta(ev);
        case "messageStop":
          stopReason = parseUpstreamText(MessageStopEvent, ev.data, PROVIDER).stopReason ?? "end_turn";
          return [];
        case "metadata": {
          const m = parseUpstreamText(MetadataEvent, ev.data, PROVIDER);
          const out: Array<ChatCompletionChunk | "done"> = [];
          if (stopReason !== undefined) {
            const last = chunk({}, finishReason());
            if (m.usage) last.usage = usageOf(m.usage);
            out.push(last);
          } else if (m.usage) {
            out.push(makeUsageChunk(head, usageOf(m.usage)));
          }
          finished = stopReason !== undefined;
          out.push("done");
          return out;
        }
        default:
          return []; // contentBlockStop and events this mapper does not use
      }
    },
    onEnd() {
      if (finished || stopReason === undefined) return [];
      finished = true;
      return [chunk({}, finishReason())];
    },
  };
}
