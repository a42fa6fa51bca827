/**
 * The zod shapes in api.ts, checked by hand for the values that satisfy them: true means the schema
 * would accept the value, false means "ask the schema" (which then accepts it or names the field).
 * The hot path skips building a zod result for every well-formed completion and chunk;
 * test/unit/providers/openai-compatible/fast-shape.test.ts holds both to the same answers.
 */
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const nullish = (v: unknown) => v === undefined || v === null;
const nullishStr = (v: unknown) => nullish(v) || typeof v === "string";
const finite = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/** UpstreamCompletion */
export function isPlainCompletion(v: unknown): boolean {
  if (!isObj(v) || !nullishStr(v.id) || !nullishStr(v.model) || !(nullish(v.created) || finite(v.created)))
    return false;
  const choices = v.choices;
  if (!Array.isArray(choices)) return false;
  for (const c of choices) if (!isObj(c) || !(nullish(c.message) || isObj(c.message))) return false;
  const u = v.usage;
  return nullish(u) || (isObj(u) && finite(u.prompt_tokens) && finite(u.completion_tokens));
}

/** UpstreamChunk */
export function isPlainChunk(v: unknown): boolean {
  if (!isObj(v)) return false;
  const choices = v.choices;
  if (!nullish(choices)) {
    if (!Array.isArray(choices)) return false;
    for (const c of choices) if (!isObj(c)) return false;
  }
  return nullish(v.usage) || isObj(v.usage);
}

const nullishInt = (v: unknown) => nullish(v) || Number.isSafeInteger(v);

/** A vector of finite numbers, or a base64 string (one tight loop instead of a zod result per float). */
function isVector(v: unknown): boolean {
  if (typeof v === "string") return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!finite(v[i])) return false;
  return true;
}

/** UpstreamEmbeddings */
export function isPlainEmbeddings(v: unknown): boolean {
  if (!isObj(v) || !nullishStr(v.model) || !Array.isArray(v.data)) return false;
  for (const e of v.data) if (!isObj(e) || !nullishInt(e.index) || !isVector(e.embedding)) return false;
  const u = v.usage;
  return nullish(u) || (isObj(u) && nullishInt(u.prompt_tokens) && nullishInt(u.total_tokens));
}
