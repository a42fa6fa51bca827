import type { CountTokensRequest } from "../../anthropic/count-tokens.js";
import type { ContentBlockParam } from "../../anthropic/content-blocks.js";

/**
 * An estimate of a count_tokens request's input tokens, for models with no counting endpoint (every
 * non-Claude target). It is not a tokenizer: text counts one token per 4 UTF-8 bytes (close for English
 * and code; counting bytes rather than characters keeps multi-byte scripts from being under-counted); each
 * image counts as Anthropic's ceiling for a ~1.15-megapixel image; a PDF counts 1,500 tokens per 50 kB
 * (at least one page); each message adds its framing; tools add the tool-use preamble plus their text.
 * Thinking in earlier assistant turns is not counted (Claude drops it from the context too).
 */
export const ESTIMATE = {
  bytesPerToken: 4,
  perMessage: 4,
  perImage: 1_600,
  pdfTokensPer50kB: 1_500,
  toolsPreamble: 300,
} as const;

const enc = new TextEncoder();
const textTokens = (s: string) => Math.ceil(enc.encode(s).length / ESTIMATE.bytesPerToken);
const jsonTokens = (v: unknown) => textTokens(JSON.stringify(v ?? {}));

function pdfTokens(base64: string): number {
  const bytes = Math.floor((base64.length * 3) / 4);
  return Math.max(1, Math.ceil(bytes / 50_000)) * ESTIMATE.pdfTokensPer50kB;
}

type Counted = { type: string } & Record<string, unknown>;

function blockTokens(b: Counted, keepThinking: boolean): number {
  switch (b.type) {
    case "text":
      return textTokens(String(b.text ?? ""));
    case "image":
      return ESTIMATE.perImage;
    case "document": {
      const s = (b.source ?? {}) as { type?: string; data?: unknown; content?: unknown };
      if (s.type === "base64" && typeof s.data === "string") return pdfTokens(s.data);
      if (s.type === "text" && typeof s.data === "string") return textTokens(s.data);
      if (s.type === "content") return contentTokens(s.content as string | Counted[], keepThinking);
      return ESTIMATE.pdfTokensPer50kB;
    }
    case "tool_use":
    case "server_tool_use":
      return textTokens(String(b.name ?? "")) + jsonTokens(b.input);
    case "tool_result":
      return contentTokens(b.content as string | Counted[] | undefined, keepThinking);
    case "thinking":
      return keepThinking ? textTokens(String(b.thinking ?? "")) : 0;
    case "redacted_thinking":
      return 0;
    default:
      return jsonTokens(b);
  }
}

function contentTokens(content: string | Counted[] | undefined, keepThinking: boolean): number {
  if (content === undefined) return 0;
  if (typeof content === "string") return textTokens(content);
  return content.reduce((n, b) => n + blockTokens(b, keepThinking), 0);
}

export function estimateInputTokens(req: CountTokensRequest): number {
  let n = 0;
  if (req.system !== undefined) n += contentTokens(req.system as string | Counted[], false);
  const lastAssistant = req.messages.findLastIndex((m) => m.role === "assistant");
  req.messages.forEach((m, i) => {
    const content = m.content as string | ContentBlockParam[];
    n += ESTIMATE.perMessage + contentTokens(content as string | Counted[], i === lastAssistant);
  });
  if (req.tools?.length) {
    n += ESTIMATE.toolsPreamble;
    for (const t of req.tools) n += jsonTokens(t);
  }
  return n;
}
