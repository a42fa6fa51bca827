import { z } from "zod";
import type { ContentPart } from "../../openai/chat-request.js";
import { BadRequestError } from "../../errors/gateway-error.js";
import { imageUrlOf } from "../shared/content.js";
import { parseDataUrl, type Media } from "../shared/media.js";
import { CacheControl, type AnthropicContentBlock } from "./api.js";

/** The `cache_control` a client put on a part, tool or message, if it is well-formed. */
export function cacheControlOf(value: unknown): CacheControl | undefined {
  if (value === null || typeof value !== "object" || !("cache_control" in value)) return undefined;
  const r = CacheControl.safeParse(value.cache_control);
  return r.success ? r.data : undefined;
}

/** Copy `from`'s cache_control (if any) onto `block`. */
export function withCache(block: AnthropicContentBlock, from: unknown): AnthropicContentBlock {
  const cc = cacheControlOf(from);
  return cc ? { ...block, cache_control: cc } : block;
}

function mediaBlock(media: Media, provider: string): AnthropicContentBlock {
  const source = { type: "base64", media_type: media.mimeType, data: media.base64 };
  if (media.mimeType === "application/pdf") return { type: "document", source };
  if (media.mimeType.startsWith("image/")) return { type: "image", source };
  throw new BadRequestError(`${provider} does not accept ${media.mimeType} content`, {
    param: "messages",
    code: "unsupported_content",
  });
}

/** The parts of an OpenAI `file` content part this adapter reads. */
const FileRef = z.looseObject({ file_data: z.string().optional(), file_id: z.string().optional() });

/**
 * One OpenAI content part → one Anthropic block (null: nothing to send, e.g. empty text).
 * https images are passed by URL (Anthropic fetches them); data: URLs become base64 sources;
 * PDFs (data: URL in image_url or file.file_data) become document blocks.
 */
export function partToBlock(part: ContentPart, provider: string): AnthropicContentBlock | null {
  switch (part.type) {
    case "text":
      return part.text === "" ? null : withCache({ type: "text", text: part.text }, part);
    case "image_url": {
      const url = imageUrlOf(part);
      const data = parseDataUrl(url);
      const block = data ? mediaBlock(data, provider) : { type: "image", source: { type: "url", url } };
      return withCache(block, part);
    }
    case "file": {
      const ref = FileRef.safeParse(part.file);
      const { file_data, file_id } = ref.success ? ref.data : {};
      const data = file_data !== undefined ? parseDataUrl(file_data, "file.file_data") : undefined;
      if (data) return withCache(mediaBlock(data, provider), part);
      const what = file_id !== undefined ? "file_id references" : "file parts without a data: URL in file_data";
      throw new BadRequestError(`${provider} does not accept ${what}`, {
        param: "messages",
        code: "unsupported_content",
      });
    }
    case "thinking":
      return { type: "thinking", thinking: part.thinking, signature: part.signature ?? "" };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: part.data };
    case "input_audio":
      throw new BadRequestError(`${provider} does not accept audio input`, {
        param: "messages",
        code: "unsupported_content",
      });
  }
}
