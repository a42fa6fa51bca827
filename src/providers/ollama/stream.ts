import type { ChatCompletionChunk } from "../../openai/chat-response.js";
import type { ProviderContext, StreamMapper } from "../provider.js";
import { makeUsageChunk, nowSeconds, roleChunker, type ChunkHead } from "../shared/chunks.js";
import { parseUpstreamText } from "../shared/json.js";
import { generatedToolCallId } from "../shared/tool-calls.js";
import { OllamaChatChunk } from "./api.js";
import { ollamaUsage, toOpenAIToolCall } from "./convert-response.js";
import { ollamaError } from "./error.js";
import { ollamaFinishReason } from "./finish-reason.js";

const PROVIDER = "ollama";

/**
 * Ollama NDJSON lines → OpenAI chunks. Each line carries a content/thinking piece; tool calls
 * arrive whole, each becoming one complete tool-call delta with the next index and a generated
 * id. The `done: true` line carries done_reason and the token counts and ends the stream; an
 * `{"error": ...}` line is thrown as a gateway error.
 */
export function ollamaStreamMapper(ctx: ProviderContext): StreamMapper {
  const head: ChunkHead = { id: ctx.requestId, model: ctx.deployment.model, created: nowSeconds(ctx.now) };
  let done = false;
  let tools = 0;
  const chunker = roleChunker(head);
  const { chunk } = chunker;
  return {
    onEvent(ev) {
      if (done) return [];
      const line = parseUpstreamText(OllamaChatChunk, ev.data, PROVIDER);
      if (line.error) throw ollamaError({ message: line.error });
      if (line.model) head.model = line.model;
      const out: Array<ChatCompletionChunk | "done"> = [];
      const m = line.message;
      if (m?.thinking) out.push(chunk({ reasoning_content: m.thinking }));
      if (m?.content || !chunker.started) out.push(chunk({ content: m?.content ?? "" }));
      for (const c of m?.tool_calls ?? []) {
        const index = tools++;
        const call = toOpenAIToolCall(c, generatedToolCallId(ctx.requestId, index));
        out.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: call.function }] }));
      }
      if (line.done) {
        done = true;
        out.push(chunk({}, ollamaFinishReason(line.done_reason, tools > 0)));
        out.push(makeUsageChunk(head, ollamaUsage(line)));
        out.push("done");
      }
      return out;
    },
    // A stream cut before the done line gets no finish chunk: the caller sees it never finished.
    onEnd: () => [],
  };
}
