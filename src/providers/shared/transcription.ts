import { z } from "zod";
import { BadGatewayError } from "../../errors/gateway-error.js";
import { TranscriptionResponse, type TranscriptionFormat, type TranscriptionRequest } from "../../openai/audio.js";
import type { TranscriptionMeter, TranscriptionResult } from "../provider.js";
import { parseUpstreamText } from "./json.js";
import { renderTranscript, subtitleEndSeconds } from "./transcript.js";

/** OpenAI's transcription answer as JSON (json or verbose_json); usage by duration or by tokens. */
const UpstreamTranscription = z.looseObject({
  text: z.string(),
  language: z.string().nullish(),
  duration: z.number().nullish(),
  segments: z.array(z.looseObject({ start: z.number(), end: z.number(), text: z.string() })).nullish(),
  words: z.array(z.looseObject({ word: z.string(), start: z.number(), end: z.number() })).nullish(),
  usage: z
    .looseObject({
      type: z.string().nullish(),
      seconds: z.number().nullish(),
      input_tokens: z.number().nullish(),
      output_tokens: z.number().nullish(),
    })
    .nullish(),
});

/**
 * The format asked of the upstream for the client's format. Whisper models answer json and text
 * with verbose_json instead, which states the audio's duration (the price is per second); other
 * models (gpt-4o-transcribe) answer text as json, which carries their token usage. srt, vtt and
 * verbose_json go as asked.
 */
export function upstreamFormat(format: TranscriptionFormat, model: string): TranscriptionFormat {
  if (/whisper/i.test(model)) return format === "json" || format === "text" ? "verbose_json" : format;
  return format === "text" ? "json" : format;
}

/** The request as OpenAI's multipart form: the file, the vendor model, the format to answer in, the rest as sent. */
export function transcriptionForm(
  r: TranscriptionRequest,
  opts: { model?: string; format: TranscriptionFormat },
): FormData {
  const form = new FormData();
  form.append("file", new Blob([r.file.bytes], { type: r.file.type || "application/octet-stream" }), r.file.name);
  if (opts.model !== undefined) form.append("model", opts.model);
  form.append("response_format", opts.format);
  for (const [k, v] of Object.entries(r)) {
    if (k === "file" || k === "model" || k === "response_format" || k === "metadata" || v === undefined || v === null)
      continue;
    for (const item of Array.isArray(v) ? v : [v])
      form.append(k, typeof item === "string" ? item : JSON.stringify(item));
  }
  return form;
}

/** The upstream's answer read and rendered in the client's format, with the duration or tokens it reports. */
export async function transcriptionResult(opts: {
  answer: unknown;
  asked: TranscriptionFormat;
  sent: TranscriptionFormat;
  provider: string;
}): Promise<TranscriptionResult> {
  const { answer, provider } = opts;
  if (!(answer instanceof Response))
    throw new BadGatewayError(`${provider} returned no transcription`, { provider, code: "invalid_upstream_response" });
  const text = await answer.text();
  if (opts.sent === "srt" || opts.sent === "vtt" || opts.sent === "text") {
    return { kind: "text", body: text, durationSeconds: subtitleEndSeconds(text) };
  }
  const b = parseUpstreamText(UpstreamTranscription, text, provider);
  const meter: TranscriptionMeter = {};
  const seconds = b.duration ?? (b.usage?.type === "duration" ? b.usage.seconds : undefined);
  if (seconds != null) meter.durationSeconds = seconds;
  if (b.usage?.input_tokens != null) meter.inputTokens = b.usage.input_tokens;
  if (b.usage?.output_tokens != null) meter.outputTokens = b.usage.output_tokens;
  // json or verbose_json as asked: the vendor's answer passed through.
  if (opts.sent === opts.asked)
    return { kind: "json", body: parseUpstreamText(TranscriptionResponse, text, provider), ...meter };
  return renderTranscript(
    {
      text: b.text,
      language: b.language ?? undefined,
      duration: b.duration ?? undefined,
      segments: b.segments ?? undefined,
      words: b.words ?? undefined,
    },
    { format: opts.asked, meter },
  );
}
