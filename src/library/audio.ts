import type { SpeechRequest, TranscriptionResponse } from "../openai/audio.js";
import { speechOperation } from "../pipeline/operations/speech.js";
import { transcriptionOperation } from "../pipeline/operations/transcription.js";
import { type CallOptions, callOnce } from "./one-call.js";

/** Library calls of the audio operations: the same adapters, spine and errors as the HTTP API. */

export type TranscriptionOptions = CallOptions & {
  /** The audio (wav, mp3, flac, ogg, webm, m4a, ...). */
  file: Blob;
  /** The file name sent upstream (its extension names the format to some vendors). */
  filename?: string;
  language?: string;
  prompt?: string;
  temperature?: number;
  response_format?: "json" | "verbose_json" | "text" | "srt" | "vtt";
  /** Other form fields, sent as they are. */
  fields?: Record<string, string>;
};

/**
 * A transcription, e.g. `transcription({ model: "openai/whisper-1", file })`: the JSON answer, or the
 * text for the text, srt and vtt formats.
 */
export async function transcription(opts: TranscriptionOptions): Promise<TranscriptionResponse | string> {
  const { file, filename, fields, language, prompt, temperature, response_format, ...call } = opts;
  const form = new FormData();
  form.set("model", opts.model);
  form.set("file", file instanceof File ? file : new File([file], filename ?? "audio"), filename);
  const extra: Record<string, unknown> = { ...fields, language, prompt, temperature, response_format };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) form.set(k, String(v));
  const res = await callOnce(transcriptionOperation, call, { kind: "form", form, bytes: file.size });
  const text = await res.text();
  return res.headers.get("content-type")?.startsWith("application/json")
    ? (JSON.parse(text) as TranscriptionResponse)
    : text;
}

export type SpeechOptions = Omit<SpeechRequest, "model"> & CallOptions;

/** Spoken audio of `input`, streamed as the vendor sends it, e.g. `speech({ model: "openai/tts-1", input, voice: "alloy" })`. */
export async function speech(opts: SpeechOptions): Promise<ReadableStream<Uint8Array>> {
  const res = await callOnce(speechOperation, opts);
  return res.body!;
}
