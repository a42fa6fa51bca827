import { TranscriptionRequest } from "../../src/openai/audio.js";
import { makeWav } from "./wav.js";

/** A transcription request as the operation hands it to adapters: validated fields and a real WAV upload. */
export function transcriptionRequest(fields: Record<string, unknown> = {}, seconds = 2.5): TranscriptionRequest {
  return {
    ...TranscriptionRequest.parse({ model: "stt", ...fields }),
    file: { name: "speech.wav", type: "audio/wav", bytes: makeWav(seconds) },
  };
}

/** A form's entries as [name, text or file description]. */
export async function formEntries(form: FormData): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of form.entries()) {
    const value: unknown = v;
    out.push([k, value instanceof Blob ? `file:${(value as File).name}:${value.size}` : String(value)]);
  }
  return out;
}
