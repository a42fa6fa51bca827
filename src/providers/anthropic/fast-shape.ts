/**
 * The native Message schema (native-messages-usage.ts) checked by hand for the values that satisfy it:
 * true means the schema would accept the value, false means "ask the schema". The native path passes
 * the answer on as it came and reads only its usage, so a usual answer skips building a zod result;
 * test/unit/providers/anthropic/fast-shape.test.ts holds the two to the same answers.
 */
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const nullish = (v: unknown) => v === undefined || v === null;
const nullishStr = (v: unknown) => nullish(v) || typeof v === "string";
const nullishInt = (v: unknown) => nullish(v) || Number.isSafeInteger(v);

const BLOCK_STRINGS = ["text", "id", "name", "thinking", "signature", "data"] as const;
const USAGE_INTS = ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] as const;

function isBlock(b: unknown): boolean {
  if (!isObj(b) || typeof b.type !== "string") return false;
  for (const k of BLOCK_STRINGS) if (!nullishStr(b[k])) return false;
  return true;
}

function isUsage(u: unknown): boolean {
  if (nullish(u)) return true;
  if (!isObj(u)) return false;
  for (const k of USAGE_INTS) if (!nullishInt(u[k])) return false;
  return nullish(u.server_tool_use) || isObj(u.server_tool_use);
}

/** AnthropicMessage with the native usage report. */
export function isPlainNativeMessage(v: unknown): boolean {
  if (!isObj(v) || !nullishStr(v.id) || !nullishStr(v.model)) return false;
  if (!nullishStr(v.stop_reason) || !nullishStr(v.stop_sequence) || !isUsage(v.usage)) return false;
  const content = v.content;
  if (nullish(content)) return true;
  if (!Array.isArray(content)) return false;
  for (const b of content) if (!isBlock(b)) return false;
  return true;
}
