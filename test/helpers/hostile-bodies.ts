/** Request bodies a hostile or careless client sends, shared by the hostile-input and fuzz tests. */

/** A JSON schema nested `depth` levels deep (properties inside properties). */
export function deepSchema(depth: number): Record<string, unknown> {
  let s: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < depth; i++) s = { type: "object", properties: { a: s } };
  return s;
}

/** The JSON text of deepSchema(depth), built as text (JSON.stringify itself overflows the stack on it). */
export function deepSchemaText(depth: number): string {
  return `${'{"type":"object","properties":{"a":'.repeat(depth)}{"type":"string"}${"}}".repeat(depth)}`;
}

/** `levels` definitions, each naming the next one twice: 2^levels nodes once inlined. */
export function doublingSchema(levels: number): Record<string, unknown> {
  const $defs: Record<string, unknown> = { [`d${levels}`]: { type: "string" } };
  for (let i = 0; i < levels; i++) {
    const next = { $ref: `#/$defs/d${i + 1}` };
    $defs[`d${i}`] = { type: "object", properties: { a: next, b: next } };
  }
  return { type: "object", properties: { root: { $ref: "#/$defs/d0" } }, $defs };
}

/** A chat body with one user turn holding `parts`. */
export function withParts(model: string, parts: unknown[]): Record<string, unknown> {
  return { model, messages: [{ role: "user", content: parts }] };
}

export const imagePart = (url: string) => ({ type: "image_url", image_url: { url } });
export const filePart = (fileData: string) => ({ type: "file", file: { file_data: fileData, filename: "f.pdf" } });
