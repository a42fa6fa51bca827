import { z } from "zod";
import { ThinkingBlock } from "../../openai/chat-response.js";

/**
 * A vendor's signed thinking (Anthropic and Bedrock `thinking_blocks`) travels in a reasoning item's
 * `encrypted_content`, the field OpenAI uses for the same purpose, so a client that sends the item back
 * (or a stored conversation) gives the vendor its signatures again, as tool loops with thinking require.
 * The value is the gateway's own: a prefix, the provider that signed the blocks, and base64 of their JSON
 * (not encrypted; the signatures are the vendor's integrity check). Blocks go back only to the provider
 * that made them: another vendor would reject a signature it did not issue. OpenAI's own encrypted
 * content has no such prefix and is left alone.
 */
const PREFIX = "swy1:";

const Blocks = z.array(ThinkingBlock);

export function encodeThinking(blocks: ThinkingBlock[], provider: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify(blocks));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return `${PREFIX}${provider}:${btoa(bin)}`;
}

/** The thinking blocks in a gateway-made `encrypted_content` that `provider` signed; undefined otherwise. */
export function decodeThinking(value: string | null | undefined, provider: string): ThinkingBlock[] | undefined {
  if (!value?.startsWith(`${PREFIX}${provider}:`)) return undefined;
  try {
    const bin = atob(value.slice(PREFIX.length + provider.length + 1));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const r = Blocks.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `encrypted_content` was made by the gateway (not by OpenAI). */
export function isGatewayThinking(value: string | null | undefined): boolean {
  return value?.startsWith(PREFIX) === true;
}

/**
 * Add thinking blocks as a stream delivers them. A whole block (Anthropic: text and signature together)
 * is appended; a piece (Bedrock: text deltas, then the signature alone) extends the open block, the one
 * without a signature yet, so a stream yields the same blocks as the non-stream answer.
 */
export function mergeThinking(into: ThinkingBlock[], incoming: readonly ThinkingBlock[]): void {
  for (const b of incoming) {
    const last = into[into.length - 1];
    if (b.type === "thinking" && last?.type === "thinking" && last.signature === undefined) {
      last.thinking = (last.thinking ?? "") + (b.thinking ?? "");
      if (b.signature !== undefined) last.signature = b.signature;
    } else into.push({ ...b });
  }
}
