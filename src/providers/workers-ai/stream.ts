import type { ChatCompletionChunk, ChunkDelta, ToolCallDelta, Usage } from "../../openai/chat-response.js";
import type { ProviderContext, StreamMapper } from "../provider.js";
import { makeChunk, makeUsageChunk, nowSeconds, roleChunker, type ChunkHead } from "../shared/chunks.js";
import { parseUpstreamAs, parseUpstreamText } from "../shared/json.js";
import { generatedToolCallId } from "../shared/tool-calls.js";
import { toChunk } from "../openai-compatible/convert-response.js";
import { WorkersAiAny, WorkersAiNative, WorkersAiOpenAIChunk } from "./api.js";
import { argumentsText, nativeToolCall, responseText, workersAiUsage } from "./convert-response.js";
import { carriesError, workersAiInStreamError } from "./error.js";
import { workersAiFinishReason } from "./finish-reason.js";

const PROVIDER = "workers_ai";

/**
 * Workers AI SSE → OpenAI chunks, for both transports. OpenAI-shaped events (the REST endpoint,
 * newer models on the binding) pass through; native events `{response, tool_calls, usage}` are
 * mapped: text → content, tool calls (whole, or streamed by index with argument pieces) →
 * OpenAI tool-call deltas; at [DONE] a native stream gets its finish chunk and usage chunk.
 */
export function workersAiStreamMapper(ctx: ProviderContext): StreamMapper {
  const head: ChunkHead = { id: ctx.requestId, model: ctx.deployment.model, created: nowSeconds(ctx.now) };
  let finished = false;
  let native = false;
  let usage: Usage | undefined;
  let rawFinish: string | null | undefined;
  const toolIndex = new Map<number, number>();
  let tools = 0;

  const chunker = roleChunker(head);
  const { chunk } = chunker;

  function openAIEvent(value: unknown): ChatCompletionChunk[] {
    const c = parseUpstreamAs(WorkersAiOpenAIChunk, value, PROVIDER);
    if (c.choices.some((ch) => ch.message && !ch.delta)) {
      // A whole completion where a chunk was expected (a model that does not stream).
      const out: ChatCompletionChunk[] = [];
      for (const ch of c.choices) {
        const m = (ch.message ?? {}) as { content?: unknown; reasoning_content?: unknown; tool_calls?: unknown };
        const d: ChunkDelta = {};
        if (typeof m.reasoning_content === "string" && m.reasoning_content) d.reasoning_content = m.reasoning_content;
        if (typeof m.content === "string") d.content = m.content;
        const calls = parseUpstreamAs(WorkersAiNative, { tool_calls: m.tool_calls ?? null }, PROVIDER).tool_calls ?? [];
        if (calls.length) {
          d.tool_calls = calls.map((tc, i): ToolCallDelta => {
            const call = nativeToolCall(tc, generatedToolCallId(ctx.requestId, tools + i));
            return { index: tools + i, id: call.id, type: "function", function: call.function };
          });
          tools += calls.length;
        }
        out.push(chunk(d));
        if (ch.finish_reason) {
          finished = true;
          out.push(makeChunk(head, {}, workersAiFinishReason(ch.finish_reason, tools > 0)));
        }
      }
      const u = workersAiUsage(c.usage);
      if (u) out.push(makeUsageChunk(head, u));
      return out;
    }
    const out = toChunk(ctx, value, PROVIDER);
    const first = out.choices[0];
    if (first && !chunker.started) {
      if (!first.delta.role) first.delta = { role: "assistant", ...first.delta };
      chunker.markStarted();
    }
    if (out.choices.some((ch) => ch.finish_reason)) finished = true;
    return [out];
  }

  function nativeEvent(value: unknown): ChatCompletionChunk[] {
    native = true;
    const r = parseUpstreamAs(WorkersAiNative, value, PROVIDER);
    const out: ChatCompletionChunk[] = [];
    const text = responseText(r.response);
    if (text || !chunker.started) out.push(chunk({ content: text }));
    for (const tc of r.tool_calls ?? []) {
      const name = tc.function?.name ?? tc.name;
      const args = tc.function?.arguments ?? tc.arguments;
      const known = tc.index != null ? toolIndex.get(tc.index) : undefined;
      if (known !== undefined) {
        const piece = args == null ? "" : argumentsText(args);
        if (piece) out.push(chunk({ tool_calls: [{ index: known, function: { arguments: piece } }] }));
        continue;
      }
      if (!tc.id && !name && (args == null || args === "")) continue; // end-of-call marker
      const index = tools++;
      if (tc.index != null) toolIndex.set(tc.index, index);
      const call = nativeToolCall(tc, generatedToolCallId(ctx.requestId, index));
      const first = args == null ? "" : call.function.arguments;
      out.push(
        chunk({
          tool_calls: [
            { index, id: call.id, type: "function", function: { name: call.function.name, arguments: first } },
          ],
        }),
      );
    }
    const u = workersAiUsage(r.usage);
    if (u) usage = u;
    if (r.finish_reason) rawFinish = r.finish_reason;
    return out;
  }

  return {
    onEvent(ev) {
      if (ev.data === "[DONE]") {
        const out: Array<ChatCompletionChunk | "done"> = [];
        if (!finished) {
          finished = true;
          out.push(chunk({}, workersAiFinishReason(rawFinish, tools > 0)));
        }
        if (native && usage) out.push(makeUsageChunk(head, usage));
        out.push("done");
        return out;
      }
      const value = parseUpstreamText(WorkersAiAny, ev.data, PROVIDER);
      if (carriesError(value)) throw workersAiInStreamError(value);
      return value.choices ? openAIEvent(value) : nativeEvent(value);
    },
    // A stream cut before [DONE] (or an OpenAI finish) gets no finish chunk: the caller sees it never finished.
    onEnd: () => [],
  };
}
