import { z } from "zod";
import { GatewayFields } from "./gateway-fields.js";

/** Public wire contracts of POST /v1/audio/transcriptions (multipart) and POST /v1/audio/speech. */

export const TRANSCRIPTION_FORMATS = ["json", "text", "srt", "verbose_json", "vtt"] as const;
export type TranscriptionFormat = (typeof TRANSCRIPTION_FORMATS)[number];

/** An uploaded file, read into memory (the request size limit bounds it). */
export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** The multipart form's fields as the gateway reads them (the file travels beside it, not in it). */
export const TranscriptionRequest = z.looseObject({
  model: z.string().min(1),
  language: z.string().max(16).nullish(),
  prompt: z.string().max(8_000).nullish(),
  response_format: z.enum(TRANSCRIPTION_FORMATS).nullish(),
  temperature: z.coerce.number().min(0).max(1).nullish(),
  "timestamp_granularities[]": z.union([z.string(), z.array(z.string())]).nullish(),
  ...GatewayFields,
});
export type TranscriptionRequest = z.infer<typeof TranscriptionRequest> & { file: UploadedFile };

export const TranscriptionResponse = z.looseObject({
  text: z.string(),
  /** verbose_json */
  task: z.string().nullish(),
  language: z.string().nullish(),
  duration: z.number().nullish(),
  segments: z.array(z.looseObject({})).nullish(),
  words: z.array(z.looseObject({})).nullish(),
  /** whisper: `{type: "duration", seconds}`; gpt-4o-transcribe: `{type: "tokens", input_tokens, output_tokens, ...}` */
  usage: z.looseObject({ type: z.string().nullish(), seconds: z.number().nullish() }).nullish(),
});
export type TranscriptionResponse = z.infer<typeof TranscriptionResponse>;

export const SPEECH_FORMATS = ["mp3", "opus", "aac", "flac", "wav", "pcm"] as const;
export type SpeechFormat = (typeof SPEECH_FORMATS)[number];

export const SpeechRequest = z.looseObject({
  model: z.string().min(1),
  input: z.string().min(1, "input must not be empty").max(4096),
  voice: z.union([z.string().min(1).max(64), z.looseObject({ id: z.string() })]),
  response_format: z.enum(SPEECH_FORMATS).nullish(),
  speed: z.number().min(0.25).max(4).nullish(),
  instructions: z.string().max(4096).nullish(),
  stream_format: z.enum(["sse", "audio"]).nullish(),
  ...GatewayFields,
});
export type SpeechRequest = z.infer<typeof SpeechRequest>;

/** Content types of the audio formats. */
export const SPEECH_CONTENT_TYPES: Record<SpeechFormat, string> = {
  mp3: "audio/mpeg",
  opus: "audio/opus",
  aac: "audio/aac",
  flac: "audio/flac",
  wav: "audio/wav",
  pcm: "audio/pcm",
};
