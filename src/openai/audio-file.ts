/**
 * What an uploaded audio file is, read from its first bytes: the containers OpenAI's transcription
 * API accepts (flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm). A name or content type can
 * lie; the magic bytes cannot. WAV and FLAC headers also state the audio's duration exactly.
 */
export type AudioContainer = "wav" | "mp3" | "flac" | "ogg" | "mp4" | "webm";

function ascii(b: Uint8Array, at: number, text: string): boolean {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The container of an audio file, or undefined when its bytes are not one OpenAI accepts. */
export function audioContainer(b: Uint8Array): AudioContainer | undefined {
  if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) return "wav";
  if (ascii(b, 0, "fLaC")) return "flac";
  if (ascii(b, 0, "OggS")) return "ogg";
  if (ascii(b, 4, "ftyp")) return "mp4"; // MP4, M4A
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return "webm"; // EBML
  if (ascii(b, 0, "ID3")) return "mp3"; // an ID3v2 tag before MPEG audio frames
  // An MPEG audio frame header: 11 sync bits, a valid version and layer (mp3, mpga, mpeg).
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x18) !== 0x08 && (b[1]! & 0x06) !== 0)
    return "mp3";
  return undefined;
}

const u32le = (b: Uint8Array, at: number) =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** Seconds of PCM audio in a WAV file: the `data` chunk's size over the `fmt ` chunk's byte rate. */
export function wavSeconds(b: Uint8Array): number | undefined {
  let byteRate: number | undefined;
  for (let at = 12; at + 8 <= b.length; ) {
    const size = u32le(b, at + 4);
    if (ascii(b, at, "fmt ") && at + 20 <= b.length) byteRate = u32le(b, at + 16);
    if (ascii(b, at, "data")) {
      if (!byteRate) return undefined;
      // A streamed WAV may declare a placeholder size; what was uploaded is what there is.
      const bytes = Math.min(size, b.length - at - 8);
      return bytes / byteRate;
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** Seconds of audio in a FLAC file: total samples over the sample rate (STREAMINFO, the first block). */
export function flacSeconds(b: Uint8Array): number | undefined {
  // "fLaC", block header (4 bytes), then STREAMINFO: sample rate is 20 bits at byte 18, total samples 36 bits after.
  if (b.length < 26 || (b[4]! & 0x7f) !== 0) return undefined;
  const rate = (b[18]! << 12) | (b[19]! << 4) | (b[20]! >> 4);
  const samples = (b[21]! & 0x0f) * 2 ** 32 + u32le(new Uint8Array([b[25]!, b[24]!, b[23]!, b[22]!]), 0);
  return rate && samples ? samples / rate : undefined;
}

/** The audio's duration when its header states it (WAV, FLAC); undefined for the compressed formats. */
export function statedSeconds(b: Uint8Array): number | undefined {
  const c = audioContainer(b);
  if (c === "wav") return wavSeconds(b);
  if (c === "flac") return flacSeconds(b);
  return undefined;
}
