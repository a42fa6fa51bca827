import type { ContentPart } from "../../openai/chat-request.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import type {
  DocumentBlockParam,
  ImageBlockParam,
  SearchResultBlockParam,
  TextBlockParam,
} from "../../anthropic/content-blocks.js";

/** Where a block sits in the request (`messages[2].content[0]`), for errors and the not-carried list. */
export type At = string;

/** Collects what the chat shape cannot carry, one entry per thing, naming where it was. */
export type NotCarried = (what: string) => void;

/** `cache_control` rides along on chat parts; adapters that cache (Claude) read it, the others ignore it. */
function withCache<T extends object>(part: T, from: { cache_control?: unknown }): T {
  return from.cache_control ? { ...part, cache_control: from.cache_control } : part;
}

function refuse(at: At, what: string): never {
  throw new BadRequestError(`${at}: ${what} cannot be sent to this model; only Claude deployments accept it`, {
    param: at,
    code: "unsupported_content",
  });
}

export function textPart(b: TextBlockParam, at: At, notCarried: NotCarried): ContentPart {
  if (b.citations?.length) notCarried(`${at}.citations`);
  return withCache({ type: "text", text: b.text }, b);
}

/** base64 → a data: URL; url → the URL (the adapter fetches or forwards it); file ids exist only at Anthropic. */
export function imagePart(b: ImageBlockParam, at: At): ContentPart {
  const s = b.source;
  if (s.type === "file") refuse(at, "an image given by file_id");
  const url = s.type === "base64" ? `data:${s.media_type};base64,${s.data}` : s.url;
  return withCache({ type: "image_url", image_url: { url } }, b);
}

/**
 * Documents: a base64 PDF → a chat `file` part (data: URL); plain text → a text part; a `content` source →
 * its own text and image parts. URL and file_id sources have no chat equivalent and are refused.
 * title, context and citations are not carried.
 */
export function documentParts(b: DocumentBlockParam, at: At, notCarried: NotCarried): ContentPart[] {
  if (b.title) notCarried(`${at}.title`);
  if (b.context) notCarried(`${at}.context`);
  if (b.citations?.enabled) notCarried(`${at}.citations`);
  const s = b.source;
  switch (s.type) {
    case "base64": {
      const file = { file_data: `data:${s.media_type};base64,${s.data}`, ...(b.title ? { filename: b.title } : {}) };
      return [withCache({ type: "file", file }, b)];
    }
    case "text":
      return [withCache({ type: "text", text: s.data }, b)];
    case "content": {
      if (typeof s.content === "string") return [withCache({ type: "text", text: s.content }, b)];
      return s.content.map((c, i) =>
        c.type === "text"
          ? textPart(c, `${at}.source.content[${i}]`, notCarried)
          : imagePart(c, `${at}.source.content[${i}]`),
      );
    }
    case "url":
      return refuse(at, "a document given by URL (send it as base64)");
    case "file":
      return refuse(at, "a document given by file_id");
  }
}

/** A search result becomes its text: the title, the source and each passage, one per line. */
export function searchResultPart(b: SearchResultBlockParam, at: At, notCarried: NotCarried): ContentPart {
  notCarried(`${at} (search_result carried as plain text, without citations)`);
  const text = [b.title, b.source, ...b.content.map((c) => c.text)].join("\n");
  return withCache({ type: "text", text }, b);
}
