import type { ChatCompletionRequest } from "../openai/chat-request.js";
import type { ChatCompletion, ChatCompletionChunk } from "../openai/chat-response.js";
import { chatOperation } from "../pipeline/operations/chat.js";
import { errorForStatus } from "../errors/gateway-error.js";
import { sseDecoder } from "../streaming/parse-sse.js";
import { type CallOptions, callOnce } from "./one-call.js";

export interface CompletionOptions extends Omit<ChatCompletionRequest, "model">, CallOptions {}

/**
 * One call through the gateway's adapters, no server: a ChatCompletion, or with
 * `stream: true` an async iterable of chunks. Errors are GatewayErrors.
 */
export function completion(opts: CompletionOptions & { stream: true }): Promise<AsyncIterable<ChatCompletionChunk>>;
export function completion(opts: CompletionOptions & { stream?: false | null }): Promise<ChatCompletion>;
export async function completion(
  opts: CompletionOptions,
): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>> {
  const res = await callOnce(chatOperation, opts);
  if (!opts.stream) return (await res.json()) as ChatCompletion;
  return chunks(res.body!);
}

async function* chunks(body: ReadableStream<Uint8Array>): AsyncIterable<ChatCompletionChunk> {
  const reader = body.pipeThrough(sseDecoder()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.data === "[DONE]") return;
      const parsed = JSON.parse(value.data) as ChatCompletionChunk & {
        error?: { message: string; code?: string | null };
      };
      if (parsed.error) throw errorForStatus(500, parsed.error.message, { code: parsed.error.code ?? null });
      yield parsed;
    }
  } finally {
    reader.releaseLock();
  }
}
