import { type EmbeddingsRequest, MAX_EMBEDDING_INPUTS } from "./embeddings.js";

/**
 * The common embeddings request checked without building a zod result: model, text input, and the
 * usual scalars. Returns the request when every field is in that subset and valid (the zod schema
 * would accept it), else undefined and the caller runs the schema, which stays the single source of
 * truth (test/unit/openai/fast-embeddings-request.test.ts holds the two to the same answers).
 */
const nonEmpty = (v: unknown) => typeof v === "string" && v.length > 0;

const OPTIONAL: Record<string, (v: unknown) => boolean> = {
  encoding_format: (v) => v === "float" || v === "base64",
  dimensions: (v) => Number.isSafeInteger(v) && (v as number) > 0,
  user: (v) => typeof v === "string" && v.length <= 512,
};

function isInput(v: unknown): boolean {
  if (typeof v === "string") return v.length > 0;
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_EMBEDDING_INPUTS) return false;
  for (let i = 0; i < v.length; i++) if (!nonEmpty(v[i])) return false;
  return true;
}

export function fastEmbeddingsRequest(json: Record<string, unknown>): EmbeddingsRequest | undefined {
  if (!nonEmpty(json.model) || !isInput(json.input)) return undefined;
  for (const k in json) {
    if (k === "model" || k === "input") continue;
    const check = OPTIONAL[k];
    const v = json[k];
    if (!check || (v !== null && v !== undefined && !check(v))) return undefined;
  }
  return json as EmbeddingsRequest;
}
