import type { MessagesRequest } from "./request.js";

/**
 * The common Messages request checked without building a zod result: model, max_tokens, text-only
 * turns and system prompt, and the usual sampling fields. Returns the request when every field is in
 * that subset and valid (the zod schema would accept it), else undefined and the caller runs the schema,
 * which stays the single source of truth (test/unit/anthropic/fast-messages-request.test.ts holds the two
 * to the same answers). Tools, images, thinking and the gateway's own fields always go to the schema.
 */
type Check = (v: unknown) => boolean;
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const unit: Check = (v) => typeof v === "number" && v >= 0 && v <= 1;

/** A text block with nothing else in it. */
function isTextBlock(b: unknown): boolean {
  if (!isObj(b) || b.type !== "text" || typeof b.text !== "string") return false;
  for (const k in b) if (k !== "type" && k !== "text") return false;
  return true;
}

const isText: Check = (v) => typeof v === "string" || (Array.isArray(v) && v.every(isTextBlock));

function isTurn(m: unknown): boolean {
  if (!isObj(m) || (m.role !== "user" && m.role !== "assistant") || !isText(m.content)) return false;
  for (const k in m) if (k !== "role" && k !== "content") return false;
  return true;
}

const FIELDS: Record<string, Check> = {
  model: (v) => typeof v === "string" && v.length > 0,
  max_tokens: (v) => Number.isSafeInteger(v) && (v as number) >= 1,
  messages: (v) => Array.isArray(v) && v.length > 0 && v.every(isTurn),
  system: isText,
  stream: (v) => typeof v === "boolean",
  temperature: unit,
  top_p: unit,
  top_k: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  stop_sequences: (v) => Array.isArray(v) && v.every((s) => typeof s === "string"),
  metadata: (v) => isObj(v) && Object.keys(v).every((k) => k === "user_id" && typeof v[k] === "string"),
};

export function fastMessagesRequest(json: Record<string, unknown>): MessagesRequest | undefined {
  if (json.model === undefined || json.max_tokens === undefined || json.messages === undefined) return undefined;
  for (const k in json) {
    const check = FIELDS[k];
    if (!check?.(json[k])) return undefined;
  }
  return json as MessagesRequest;
}
