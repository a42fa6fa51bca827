import { mimeFromUri } from "../gemini/media-part.js";
import { loadMedia } from "./media.js";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every `{source: {type: "url", url}}` inside Anthropic messages (tool results and documents included). */
export function urlSources(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const n of node) urlSources(n, out);
  else if (isObj(node)) {
    const s = node.source;
    if (isObj(s) && s.type === "url" && typeof s.url === "string") out.push(s);
    for (const v of Object.values(node)) if (typeof v === "object") urlSources(v, out);
  }
  return out;
}

/**
 * Claude on Vertex AI and Bedrock rejects URL sources: download each (https only, size-capped) and turn
 * it into a base64 source, in place.
 */
export async function inlineUrlSources(
  messages: unknown,
  opts: { fetch: typeof fetch; signal?: AbortSignal },
): Promise<void> {
  await Promise.all(
    urlSources(messages).map(async (s) => {
      const url = s.url as string;
      const media = await loadMedia(url, opts);
      const mediaType =
        media.mimeType === "application/octet-stream" ? (mimeFromUri(url) ?? media.mimeType) : media.mimeType;
      delete s.url;
      Object.assign(s, { type: "base64", media_type: mediaType, data: media.base64 });
    }),
  );
}
