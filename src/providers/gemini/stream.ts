import type { ChatCompletionChunk, ChunkDelta, ToolCallDelta } from "../../openai/chat-response.js";
import type { ProviderContext, StreamMapper } from "../provider.js";
import { makeChunk, makeUsageChunk, nowSeconds, type ChunkHead } from "../shared/chunks.js";
import { parseUpstreamText } from "../shared/json.js";
import { GeminiStreamEvent, type GeminiCandidate, type GeminiUsage } from "./api.js";
import { assertNotBlocked, indexedCandidates, type ToolCallCounter } from "./convert-response.js";
import { streamError } from "./error.js";
import { toFinishReason } from "./finish-reason.js";
import { makeToolCallId } from "./tool-call-id.js";
import { toUsage } from "./usage.js";

interface ChoiceState {
  started: boolean;
  tools: number;
}

/**
 * Gemini SSE (`alt=sse`): every `data:` is a whole GenerateContentResponse holding the next piece of
 * each candidate. Function calls arrive whole (one id+name delta, then one arguments delta);
 * finishReason arrives on a candidate's last piece; usageMetadata is cumulative, so the last one
 * seen goes out as a usage-only chunk when the stream closes. An `{error}` event throws.
 */
export function geminiStreamMapper(ctx: ProviderContext, provider: string): StreamMapper {
  let head: ChunkHead | undefined;
  let usage: GeminiUsage | undefined;
  const choices = new Map<number, ChoiceState>();
  const counter: ToolCallCounter = { requestId: ctx.requestId, next: 0 };

  const candidateChunks = (h: ChunkHead, index: number, c: GeminiCandidate): ChatCompletionChunk[] => {
    let st = choices.get(index);
    if (!st) {
      st = { started: false, tools: 0 };
      choices.set(index, st);
    }
    const out: ChatCompletionChunk[] = [];
    const first = (): ChunkDelta => {
      if (st.started) return {};
      st.started = true;
      return { role: "assistant" };
    };
    let content = "";
    let reasoning = "";
    const calls: ToolCallDelta[] = [];
    const args: ToolCallDelta[] = [];
    for (const p of c.content?.parts ?? []) {
      if (p.functionCall) {
        const i = st.tools++;
        const id = makeToolCallId({
          requestId: counter.requestId,
          n: counter.next++,
          thoughtSignature: p.thoughtSignature,
        });
        calls.push({ index: i, id, type: "function", function: { name: p.functionCall.name, arguments: "" } });
        args.push({ index: i, function: { arguments: JSON.stringify(p.functionCall.args ?? {}) } });
      } else if (p.text) {
        if (p.thought) reasoning += p.text;
        else content += p.text;
      }
    }
    if (reasoning || content) {
      const d = first();
      if (reasoning) d.reasoning_content = reasoning;
      if (content) d.content = content;
      out.push(makeChunk(h, d, null, index));
    }
    for (let k = 0; k < calls.length; k++) {
      out.push(makeChunk(h, { ...first(), tool_calls: [calls[k]!] }, null, index));
      out.push(makeChunk(h, { tool_calls: [args[k]!] }, null, index));
    }
    if (c.finishReason) out.push(makeChunk(h, first(), toFinishReason(c.finishReason, st.tools > 0), index));
    return out;
  };

  return {
    onEvent(ev) {
      const data = ev.data.trim();
      if (data === "") return [];
      if (data === "[DONE]") return ["done"];
      const value = parseUpstreamText(GeminiStreamEvent, data, provider);
      if (value.error) throw streamError(provider, value.error);
      assertNotBlocked(value, provider);
      head ??= { id: ctx.requestId, created: nowSeconds(ctx.now), model: value.modelVersion ?? ctx.deployment.model };
      if (value.usageMetadata) usage = value.usageMetadata;
      const h = head;
      return indexedCandidates(value).flatMap(({ index, candidate }) => candidateChunks(h, index, candidate));
    },
    onEnd() {
      return head && usage ? [makeUsageChunk(head, toUsage(usage))] : [];
    },
  };
}
