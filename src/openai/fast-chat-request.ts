import type { ChatCompletionRequest } from "./chat-request.js";

/**
 * The common request shape checked without building a zod result: model + plain-text messages +
 * simple scalar parameters. Returns the request when every field is in that subset and valid
 * (the zod schema would return the same value), else undefined and the caller runs the schema,
 * which stays the single source of truth (test/unit/openai/fast-chat-request.test.ts holds the two
 * to the same answers).
 */
const ROLES = new Set(["system", "developer", "user", "assistant"]);

type Check = (v: unknown) => boolean;
const num =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === "number" && Number.isFinite(v) && v >= min && v <= max;
const int =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const bool: Check = (v) => typeof v === "boolean";
const str: Check = (v) => typeof v === "string";

const SCALARS: Record<string, Check> = {
  stream: bool,
  temperature: num(0, 2),
  top_p: num(0, 1),
  n: int(1, 128),
  max_tokens: int(1, Number.MAX_SAFE_INTEGER),
  max_completion_tokens: int(1, Number.MAX_SAFE_INTEGER),
  presence_penalty: num(-2, 2),
  frequency_penalty: num(-2, 2),
  seed: int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  user: str,
  stop: (v) => typeof v === "string" || (Array.isArray(v) && v.length <= 16 && v.every(str)),
  stream_options: (v) =>
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.keys(v).every((k) => k === "include_usage" && typeof (v as Record<string, unknown>)[k] === "boolean"),
};

export function fastChatRequest(json: Record<string, unknown>): ChatCompletionRequest | undefined {
  const model = json.model;
  const messages = json.messages;
  if (typeof model !== "string" || model.length === 0 || !Array.isArray(messages) || messages.length === 0)
    return undefined;
  for (const m of messages) {
    if (m === null || typeof m !== "object") return undefined;
    let keys = 0;
    for (const k in m) {
      keys++;
      if (k !== "role" && k !== "content" && k !== "name") return undefined;
    }
    const { role, content, name } = m as Record<string, unknown>;
    if (!ROLES.has(role as string) || typeof content !== "string") return undefined;
    if (name !== undefined && typeof name !== "string") return undefined;
    if (keys > 3) return undefined;
  }
  for (const k in json) {
    if (k === "model" || k === "messages") continue;
    const check = SCALARS[k];
    const v = json[k];
    if (!check || v === undefined || v === null || !check(v)) return undefined;
  }
  return json as ChatCompletionRequest;
}
