import { loadMedia, parseDataUrl } from "../shared/media.js";
import type { GeminiRequestPart } from "./api.js";

const MIME_BY_EXT: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf",
  txt: "text/plain",
  mp3: "audio/mp3",
  wav: "audio/wav",
  flac: "audio/flac",
  ogg: "audio/ogg",
  aac: "audio/aac",
  mp4: "video/mp4",
  mov: "video/mov",
  webm: "video/webm",
  mpeg: "video/mpeg",
};

/** MIME type from a URI's file extension, if it has a known one. */
export function mimeFromUri(uri: string): string | undefined {
  const m = /\.([A-Za-z0-9]+)(?:[?#].*)?$/.exec(uri);
  return m ? MIME_BY_EXT[m[1]!.toLowerCase()] : undefined;
}

/** URIs Gemini reads itself (Cloud Storage, the Files API, YouTube): sent by reference. */
function isReference(url: string): boolean {
  return (
    url.startsWith("gs://") ||
    /^https:\/\/generativelanguage\.googleapis\.com\/v1(beta)?\/files\//.test(url) ||
    /^https:\/\/(www\.)?(youtube\.com|youtu\.be)\//.test(url)
  );
}

/**
 * An image/file URL as a Gemini part: `data:` URLs and https URLs (downloaded through the gateway's
 * media loader: https only, size-capped) become `inlineData`; gs://, Files API and YouTube URIs become `fileData`.
 */
export async function toMediaPart(
  url: string,
  opts: { fetch: typeof fetch; signal?: AbortSignal; mimeType?: string; field?: string },
): Promise<GeminiRequestPart> {
  const data = parseDataUrl(url, opts.field);
  if (data) return { inlineData: { mimeType: opts.mimeType ?? data.mimeType, data: data.base64 } };
  if (isReference(url)) {
    const mimeType = opts.mimeType ?? mimeFromUri(url);
    return { fileData: mimeType ? { mimeType, fileUri: url } : { fileUri: url } };
  }
  const media = await loadMedia(url, { fetch: opts.fetch, signal: opts.signal, field: opts.field });
  const mimeType =
    opts.mimeType ??
    (media.mimeType === "application/octet-stream" ? (mimeFromUri(url) ?? media.mimeType) : media.mimeType);
  return { inlineData: { mimeType, data: media.base64 } };
}
