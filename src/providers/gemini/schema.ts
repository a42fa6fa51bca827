/**
 * JSON Schema (as OpenAI clients write it) → the OpenAPI-3.0 subset Gemini's `Schema` accepts.
 * Keywords outside that subset (`$schema`, `additionalProperties`, `default`, `examples`, ...) are dropped, local
 * `$ref`s are inlined (a recursive reference becomes a bare OBJECT), `type: [x, "null"]` and
 * `anyOf: [x, {type: "null"}]` become `nullable`, `const` becomes a one-value enum.
 */
type Json = Record<string, unknown>;

const COPY = [
  "title",
  "description",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minProperties",
  "maxProperties",
  "pattern",
  "propertyOrdering",
  "nullable",
] as const;

const FORMATS: Record<string, readonly string[]> = {
  STRING: ["enum", "date-time"],
  NUMBER: ["float", "double"],
  INTEGER: ["int32", "int64"],
};

function isObj(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

interface Scope {
  defs: Json;
  stack: string[];
}

function resolveRef(ref: string, scope: Scope): Json | undefined {
  const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  if (!m) return undefined;
  const target = scope.defs[decodeURIComponent(m[1]!).replace(/~1/g, "/").replace(/~0/g, "~")];
  return isObj(target) ? target : undefined;
}

function nullOnly(s: unknown): boolean {
  return isObj(s) && s.type === "null" && Object.keys(s).length === 1;
}

function cleanNode(node: unknown, scope: Scope): Json {
  if (!isObj(node)) return {};
  if (typeof node.$ref === "string") {
    const ref = node.$ref;
    const target = resolveRef(ref, scope);
    if (!target || scope.stack.includes(ref)) {
      return typeof node.description === "string"
        ? { type: "OBJECT", description: node.description }
        : { type: "OBJECT" };
    }
    const { $ref: _ignored, ...siblings } = node;
    return cleanNode({ ...target, ...siblings }, { ...scope, stack: [...scope.stack, ref] });
  }
  if (Array.isArray(node.allOf) && node.allOf.length > 0) {
    const { allOf, ...rest } = node;
    let merged: Json = rest;
    for (const sub of allOf) {
      const s = isObj(sub) && typeof sub.$ref === "string" ? (resolveRef(sub.$ref, scope) ?? {}) : sub;
      if (!isObj(s)) continue;
      merged = {
        ...s,
        ...merged,
        properties: {
          ...(isObj(merged.properties) ? merged.properties : {}),
          ...(isObj(s.properties) ? s.properties : {}),
        },
        required: [
          ...(Array.isArray(merged.required) ? merged.required : []),
          ...(Array.isArray(s.required) ? s.required : []),
        ],
      };
    }
    return cleanNode(merged, scope);
  }
  const out: Json = {};
  for (const k of COPY) if (node[k] !== undefined) out[k] = node[k];

  const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (union) {
    const nonNull = union.filter((s) => !nullOnly(s));
    if (nonNull.length < union.length) out.nullable = true;
    if (nonNull.length === 1) return { ...cleanNode(nonNull[0], scope), ...out };
    if (nonNull.length > 1) out.anyOf = nonNull.map((s) => cleanNode(s, scope));
    return out;
  }

  let type: string | undefined;
  if (Array.isArray(node.type)) {
    const types = node.type.filter((t): t is string => typeof t === "string" && t !== "null");
    if (types.length < node.type.length) out.nullable = true;
    if (types.length === 1) type = types[0];
    else if (types.length > 1) {
      const { type: _t, ...rest } = node;
      out.anyOf = types.map((t) => cleanNode({ ...rest, type: t }, scope));
      return out;
    }
  } else if (typeof node.type === "string") type = node.type;

  if (node.const !== undefined) {
    if (typeof node.const === "string") {
      type ??= "string";
      out.enum = [node.const];
    }
  } else if (Array.isArray(node.enum)) {
    const values = node.enum.filter((v) => v !== null);
    if (values.length < node.enum.length) out.nullable = true;
    if (values.length && values.every((v) => typeof v === "string")) {
      type ??= "string";
      out.enum = values;
    }
  }
  if (type === undefined && isObj(node.properties)) type = "object";
  if (type === undefined && node.items !== undefined) type = "array";
  if (type !== undefined) out.type = type.toUpperCase();

  const T = out.type as string | undefined;
  if (typeof node.format === "string" && T && (FORMATS[T] ?? []).includes(node.format)) out.format = node.format;

  if (isObj(node.properties)) {
    const props: Json = {};
    for (const [k, v] of Object.entries(node.properties)) props[k] = cleanNode(v, scope);
    if (Object.keys(props).length) {
      out.properties = props;
      if (Array.isArray(node.required)) {
        const req = [...new Set(node.required.filter((r): r is string => typeof r === "string" && r in props))];
        if (req.length) out.required = req;
      }
    }
  }
  if (node.items !== undefined) out.items = cleanNode(Array.isArray(node.items) ? node.items[0] : node.items, scope);
  if (T === "ARRAY" && out.items === undefined) out.items = { type: "STRING" };
  return out;
}

/** Clean a JSON Schema for Gemini's `Schema` (function parameters, responseSchema). */
export function toGeminiSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const defs = {
    ...(isObj(schema.definitions) ? schema.definitions : {}),
    ...(isObj(schema.$defs) ? schema.$defs : {}),
  };
  return cleanNode(schema, { defs, stack: [] });
}
