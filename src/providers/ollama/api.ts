import { z } from "zod";

/** Ollama native /api/chat shapes: only the fields the gateway reads, null-tolerant. */

export const OllamaToolCall = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({
    name: z.string().nullish(),
    /** An object in Ollama's API; a string is accepted too. */
    arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  }),
});
export type OllamaToolCall = z.infer<typeof OllamaToolCall>;

/** A non-stream response, and each NDJSON line of a stream (the last one has done: true). */
export const OllamaChatChunk = z.looseObject({
  model: z.string().nullish(),
  message: z
    .looseObject({
      content: z.string().nullish(),
      thinking: z.string().nullish(),
      tool_calls: z.array(OllamaToolCall).nullish(),
    })
    .nullish(),
  done: z.boolean().nullish(),
  done_reason: z.string().nullish(),
  prompt_eval_count: z.number().nullish(),
  eval_count: z.number().nullish(),
  error: z.string().nullish(),
});
export type OllamaChatChunk = z.infer<typeof OllamaChatChunk>;

export const OllamaErrorBody = z.looseObject({ error: z.string() });

/** Outbound request pieces (built by the gateway, so plain types rather than schemas). */
export interface OllamaMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  images?: string[];
  thinking?: string;
  tool_calls?: Array<{ function: { name: string; arguments: Record<string, unknown> } }>;
  tool_name?: string;
}
export interface OllamaTool {
  type: "function";
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** POST /api/embed: one vector per input, and the prompt tokens evaluated. */
export const OllamaEmbedResponse = z.looseObject({
  model: z.string().nullish(),
  embeddings: z.array(z.array(z.number())),
  prompt_eval_count: z.number().int().nullish(),
});
