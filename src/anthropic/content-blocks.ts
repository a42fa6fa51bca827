import { z } from "zod";

/**
 * Content blocks a client may send in Anthropic's Messages API (`messages[].content`, `system`,
 * `tool_result.content`). Known block types are validated; block types this gateway does not know yet
 * pass through untouched (the native path forwards them; the translated path names them as not carried).
 * Every object passes unknown fields through.
 */

/** `cache_control` may sit on any block, tool or (top level) on the request. */
export const CacheControl = z.looseObject({ type: z.string(), ttl: z.string().optional() });
export type CacheControl = z.infer<typeof CacheControl>;

const cache = { cache_control: CacheControl.nullish() };

export const Base64Source = z.looseObject({ type: z.literal("base64"), media_type: z.string(), data: z.string() });
export const UrlSource = z.looseObject({ type: z.literal("url"), url: z.string().min(1) });
export const FileSource = z.looseObject({ type: z.literal("file"), file_id: z.string().min(1) });
export const PlainTextSource = z.looseObject({ type: z.literal("text"), media_type: z.string(), data: z.string() });

export const TextBlockParam = z.looseObject({
  type: z.literal("text"),
  text: z.string(),
  citations: z.array(z.looseObject({ type: z.string() })).nullish(),
  ...cache,
});
export type TextBlockParam = z.infer<typeof TextBlockParam>;

export const ImageBlockParam = z.looseObject({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [Base64Source, UrlSource, FileSource]),
  ...cache,
});
export type ImageBlockParam = z.infer<typeof ImageBlockParam>;

/** `content` source of a document: a string or text/image blocks the client wrote itself. */
export const ContentSource = z.looseObject({
  type: z.literal("content"),
  content: z.union([z.string(), z.array(z.union([TextBlockParam, ImageBlockParam]))]),
});

export const DocumentBlockParam = z.looseObject({
  type: z.literal("document"),
  source: z.discriminatedUnion("type", [Base64Source, PlainTextSource, ContentSource, UrlSource, FileSource]),
  title: z.string().nullish(),
  context: z.string().nullish(),
  citations: z.looseObject({ enabled: z.boolean().optional() }).nullish(),
  ...cache,
});
export type DocumentBlockParam = z.infer<typeof DocumentBlockParam>;

export const SearchResultBlockParam = z.looseObject({
  type: z.literal("search_result"),
  source: z.string(),
  title: z.string(),
  content: z.array(TextBlockParam),
  ...cache,
});
export type SearchResultBlockParam = z.infer<typeof SearchResultBlockParam>;

export const ToolUseBlockParam = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
  ...cache,
});
export type ToolUseBlockParam = z.infer<typeof ToolUseBlockParam>;

/** Blocks a tool result may hold; types this gateway does not know pass through. */
const KNOWN_RESULT_TYPES = new Set(["text", "image", "document", "search_result"]);
const OtherResultBlock = z.looseObject({
  type: z.string().refine((t) => !KNOWN_RESULT_TYPES.has(t), { message: "malformed tool result block", abort: true }),
});
export const ToolResultContentBlock = z.union([
  z.discriminatedUnion("type", [TextBlockParam, ImageBlockParam, DocumentBlockParam, SearchResultBlockParam]),
  OtherResultBlock,
]);
export type ToolResultContentBlock = z.infer<typeof ToolResultContentBlock>;

export const ToolResultBlockParam = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(ToolResultContentBlock)]).optional(),
  is_error: z.boolean().optional(),
  ...cache,
});
export type ToolResultBlockParam = z.infer<typeof ToolResultBlockParam>;

export const ThinkingBlockParam = z.looseObject({
  type: z.literal("thinking"),
  thinking: z.string(),
  signature: z.string(),
});
export type ThinkingBlockParam = z.infer<typeof ThinkingBlockParam>;

export const RedactedThinkingBlockParam = z.looseObject({ type: z.literal("redacted_thinking"), data: z.string() });
export type RedactedThinkingBlockParam = z.infer<typeof RedactedThinkingBlockParam>;

/** A call of a tool Anthropic runs itself (web_search, web_fetch, code_execution, ...). */
export const ServerToolUseBlockParam = z.looseObject({
  type: z.literal("server_tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
  ...cache,
});
export type ServerToolUseBlockParam = z.infer<typeof ServerToolUseBlockParam>;

/** The result of a server tool (`web_search_tool_result`, `code_execution_tool_result`, ...). */
export const ServerToolResultBlockParam = z.looseObject({
  type: z.string().regex(/^[a-z_]+_tool_result$/, { abort: true }),
  tool_use_id: z.string().min(1),
  content: z.unknown(),
  ...cache,
});
export type ServerToolResultBlockParam = z.infer<typeof ServerToolResultBlockParam>;

const KNOWN_TYPES = new Set([
  "text",
  "image",
  "document",
  "search_result",
  "tool_use",
  "tool_result",
  "thinking",
  "redacted_thinking",
  "server_tool_use",
]);
const isServerResult = (t: string) => t !== "tool_result" && /_tool_result$/.test(t);

/** A block of a type this gateway does not know (a newer API feature): passed through as is. */
export const OtherBlockParam = z.looseObject({
  type: z
    .string()
    .refine((t) => !KNOWN_TYPES.has(t) && !isServerResult(t), { message: "malformed content block", abort: true }),
});

const KnownBlockParam = z.discriminatedUnion("type", [
  TextBlockParam,
  ImageBlockParam,
  DocumentBlockParam,
  SearchResultBlockParam,
  ToolUseBlockParam,
  ToolResultBlockParam,
  ThinkingBlockParam,
  RedactedThinkingBlockParam,
  ServerToolUseBlockParam,
]);

export const ContentBlockParam = z.union([KnownBlockParam, ServerToolResultBlockParam, OtherBlockParam]);
export type ContentBlockParam = z.infer<typeof ContentBlockParam>;
