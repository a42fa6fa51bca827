import { BadRequestError } from "../../errors/gateway-error.js";
import type { ChatMessage, ContentPart, ToolCall } from "../../openai/chat-request.js";
import { imageUrlOf, partsOf } from "../shared/content.js";
import { loadMedia, parseDataUrl, type Media } from "../shared/media.js";
import type { ProviderContext } from "../provider.js";
import type { BedrockMessage, ContentBlockIn, ImageBlock, SystemBlock, ToolResultContent } from "./api.js";

const CACHE_POINT = { cachePoint: { type: "default" as const } };

const IMAGE_FORMATS: Record<string, "png" | "jpeg" | "gif" | "webp"> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/jpg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
};

const DOCUMENT_FORMATS: Record<string, string> = {
  "application/pdf": "pdf",
  "text/csv": "csv",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "text/html": "html",
  "text/plain": "txt",
  "text/markdown": "md",
};

function hasCacheControl(x: Readonly<Record<string, unknown>>): boolean {
  return x.cache_control != null && typeof x.cache_control === "object";
}

function imageBlock(media: Media): ImageBlock {
  const format = IMAGE_FORMATS[media.mimeType.toLowerCase()];
  if (!format) {
    throw new BadRequestError(`bedrock accepts png, jpeg, gif and webp images, not ${media.mimeType}`, {
      param: "messages",
      code: "unsupported_image_format",
    });
  }
  return { image: { format, source: { bytes: media.base64 } } };
}

/** Bedrock document names: alphanumerics, single spaces, hyphens, parentheses, square brackets. */
function documentName(filename: unknown, n: number): string {
  const raw = typeof filename === "string" ? filename.replace(/\.[A-Za-z0-9]+$/, "") : "";
  const clean = raw
    .replace(/[^A-Za-z0-9\s\-()[\]]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
  return clean || `document-${n}`;
}

interface Converter {
  ctx: ProviderContext;
  documents: number;
}

async function partBlocks(cv: Converter, p: ContentPart): Promise<ContentBlockIn[]> {
  switch (p.type) {
    case "text":
      return [{ text: p.text }];
    case "image_url":
      return [imageBlock(await loadMedia(imageUrlOf(p), { fetch: cv.ctx.fetch, signal: cv.ctx.signal }))];
    case "file": {
      const data = typeof p.file.file_data === "string" ? parseDataUrl(p.file.file_data, "file.file_data") : undefined;
      const format = data ? DOCUMENT_FORMATS[data.mimeType.toLowerCase()] : undefined;
      if (!data || !format) {
        throw new BadRequestError(
          `bedrock accepts files as data: URLs (file.file_data) of type pdf, csv, doc, docx, xls, xlsx, html, txt or md`,
          { param: "messages", code: "unsupported_file" },
        );
      }
      cv.documents += 1;
      return [
        { document: { format, name: documentName(p.file.filename, cv.documents), source: { bytes: data.base64 } } },
      ];
    }
    case "thinking":
      return [
        {
          reasoningContent: {
            reasoningText: p.signature ? { text: p.thinking, signature: p.signature } : { text: p.thinking },
          },
        },
      ];
    case "redacted_thinking":
      return [{ reasoningContent: { redactedContent: p.data } }];
    case "input_audio":
      throw new BadRequestError("bedrock does not accept audio input", {
        param: "messages",
        code: "unsupported_content",
      });
  }
}

/** Content parts → blocks, a cachePoint after every part that carries cache_control. */
async function contentBlocks(cv: Converter, content: ChatMessage["content"]): Promise<ContentBlockIn[]> {
  const out: ContentBlockIn[] = [];
  for (const p of partsOf(content)) {
    out.push(...(await partBlocks(cv, p)));
    if (hasCacheControl(p)) out.push(CACHE_POINT);
  }
  return out;
}

function toolInput(call: ToolCall): unknown {
  const args = call.function.arguments.trim();
  if (args === "") return {};
  try {
    return JSON.parse(args);
  } catch {
    throw new BadRequestError(`tool call ${call.id} has arguments that are not valid JSON`, {
      param: "messages",
      code: "invalid_tool_arguments",
    });
  }
}

async function assistantBlocks(
  cv: Converter,
  m: Extract<ChatMessage, { role: "assistant" }>,
): Promise<ContentBlockIn[]> {
  const out: ContentBlockIn[] = [];
  for (const b of m.thinking_blocks ?? []) {
    if (b.type === "thinking" && typeof b.thinking === "string") {
      out.push({
        reasoningContent: {
          reasoningText:
            typeof b.signature === "string" ? { text: b.thinking, signature: b.signature } : { text: b.thinking },
        },
      });
    } else if (b.type === "redacted_thinking" && typeof b.data === "string") {
      out.push({ reasoningContent: { redactedContent: b.data } });
    }
  }
  for (const b of await contentBlocks(cv, m.content)) {
    if ("text" in b && b.text === "") continue; // Bedrock rejects blank text blocks
    out.push(b);
  }
  for (const call of m.tool_calls ?? [])
    out.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: toolInput(call) } });
  if (hasCacheControl(m) && out.length) out.push(CACHE_POINT);
  return out;
}

async function toolResultBlock(cv: Converter, m: Extract<ChatMessage, { role: "tool" }>): Promise<ContentBlockIn> {
  const content: ToolResultContent[] = [];
  for (const p of partsOf(m.content)) {
    if (p.type === "text") content.push({ text: p.text });
    else if (p.type === "image_url")
      content.push(imageBlock(await loadMedia(imageUrlOf(p), { fetch: cv.ctx.fetch, signal: cv.ctx.signal })));
    else
      throw new BadRequestError(`bedrock tool results hold text and images only`, {
        param: "messages",
        code: "unsupported_content",
      });
  }
  if (content.length === 0) content.push({ text: "" });
  return { toolResult: { toolUseId: m.tool_call_id, content } };
}

/** Consecutive messages of the same role become one (Bedrock wants user/assistant turns to alternate). */
function pushMerged(out: BedrockMessage[], role: BedrockMessage["role"], blocks: ContentBlockIn[]): void {
  if (blocks.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.role === role) last.content.push(...blocks);
  else out.push({ role, content: blocks });
}

/**
 * OpenAI messages → Bedrock `system` and `messages`: system/developer text (with cachePoints)
 * goes to `system`; tool results become toolResult blocks in a user turn; assistant tool calls
 * become toolUse blocks; reasoning is replayed as reasoningContent.
 */
export async function convertMessages(
  ctx: ProviderContext,
  messages: ChatMessage[],
): Promise<{ system: SystemBlock[]; messages: BedrockMessage[] }> {
  const cv: Converter = { ctx, documents: 0 };
  const system: SystemBlock[] = [];
  const out: BedrockMessage[] = [];
  for (const m of messages) {
    switch (m.role) {
      case "system":
      case "developer":
        for (const p of partsOf(m.content)) {
          if (p.type !== "text")
            throw new BadRequestError(`bedrock system messages hold text only`, {
              param: "messages",
              code: "unsupported_content",
            });
          if (p.text !== "") system.push({ text: p.text });
          if (hasCacheControl(p)) system.push(CACHE_POINT);
        }
        if (hasCacheControl(m) && system.length) system.push(CACHE_POINT);
        break;
      case "user": {
        const blocks = await contentBlocks(cv, m.content);
        if (hasCacheControl(m) && blocks.length) blocks.push(CACHE_POINT);
        pushMerged(out, "user", blocks);
        break;
      }
      case "assistant":
        pushMerged(out, "assistant", await assistantBlocks(cv, m));
        break;
      case "tool":
        pushMerged(out, "user", [await toolResultBlock(cv, m)]);
        break;
      case "function":
        throw new BadRequestError(`bedrock does not accept legacy "function" messages; use tool messages`, {
          param: "messages",
          code: "unsupported_content",
        });
    }
  }
  return { system, messages: out };
}

/** Tool names used in the conversation (Bedrock needs a toolConfig whenever toolUse/toolResult blocks appear). */
export function toolNamesInHistory(messages: BedrockMessage[]): { used: boolean; names: string[] } {
  const names = new Set<string>();
  let used = false;
  for (const m of messages) {
    for (const b of m.content) {
      if ("toolUse" in b) {
        used = true;
        names.add(b.toolUse.name);
      } else if ("toolResult" in b) used = true;
    }
  }
  return { used, names: [...names] };
}
