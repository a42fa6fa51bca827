import { z } from "zod";

/**
 * Workers AI shapes. The REST transport uses the OpenAI-compatible endpoint (OpenAI shapes);
 * the binding returns the native output `{response, tool_calls, usage}` (or, for some models,
 * an OpenAI chat.completion), and streams SSE `data: {"response": "...", ...}` ending in [DONE].
 */

export const WorkersAiUsage = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
});
export type WorkersAiUsage = z.infer<typeof WorkersAiUsage>;

/**
 * A native tool call: `{name, arguments}` (arguments an object) or OpenAI-like
 * `{id, type, function: {name, arguments}}`; streamed ones carry `index` and argument pieces.
 */
export const WorkersAiToolCall = z.looseObject({
  index: z.number().int().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.unknown().optional(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.unknown().optional() }).nullish(),
});
export type WorkersAiToolCall = z.infer<typeof WorkersAiToolCall>;

/** Native output and native stream events. `response` is text, but JSON mode may return an object. */
export const WorkersAiNative = z.looseObject({
  response: z.unknown().optional(),
  tool_calls: z.array(WorkersAiToolCall).nullish(),
  usage: WorkersAiUsage.nullish(),
  finish_reason: z.string().nullish(),
});
export type WorkersAiNative = z.infer<typeof WorkersAiNative>;

/** Tells the OpenAI shape (`choices`) from the native one, and spots in-stream errors. */
export const WorkersAiAny = z.looseObject({
  choices: z.array(z.unknown()).nullish(),
  error: z.unknown().optional(),
  errors: z.unknown().optional(),
});

/** An OpenAI-shaped stream chunk or completion as some models emit it (delta, or whole message). */
export const WorkersAiOpenAIChunk = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().int().nullish(),
      delta: z.looseObject({}).nullish(),
      message: z.looseObject({}).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: WorkersAiUsage.nullish(),
});

/** Cloudflare's v4 envelope for errors: `{success: false, errors: [{code, message}]}`. */
export const CloudflareErrorEnvelope = z.looseObject({
  errors: z
    .array(z.looseObject({ code: z.union([z.number(), z.string()]).nullish(), message: z.string().nullish() }))
    .min(1),
});

/** The inputs the gateway builds for `ai.run` (round-tripped through the request body). */
export const BindingInputs = z.record(z.string(), z.unknown());

/** A native model's output as REST sends it (`{result, success}`); the binding hands over the output itself. */
export function runOutputOf(body: unknown): unknown {
  return body && typeof body === "object" && "result" in body ? body.result : body;
}

/** Text embeddings output (`@cf/baai/bge-*`): one vector per text. */
export const WorkersAiEmbeddings = z.looseObject({ data: z.array(z.array(z.number())) });

/** Text-to-image output of the models that answer in JSON (flux-1-schnell): base64. */
export const WorkersAiImage = z.looseObject({ image: z.string() });

/** A Whisper model's output (`@cf/openai/whisper*`); REST wraps it in `{result, success}`. */
export const WorkersAiWhisperOutput = z.looseObject({
  text: z.string(),
  words: z
    .array(z.looseObject({ word: z.string().nullish(), start: z.number().nullish(), end: z.number().nullish() }))
    .nullish(),
  segments: z
    .array(z.looseObject({ start: z.number().nullish(), end: z.number().nullish(), text: z.string().nullish() }))
    .nullish(),
  transcription_info: z.looseObject({ language: z.string().nullish(), duration: z.number().nullish() }).nullish(),
  vtt: z.string().nullish(),
});
export type WorkersAiWhisperOutput = z.infer<typeof WorkersAiWhisperOutput>;
