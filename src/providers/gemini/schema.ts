import { BadRequestError } from "../../errors/gateway-error.js";
import { MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES } from "../../openai/client-limits.js";

/**
 * JSON Schema (as OpenAI clients write it) → the OpenAPI-3.0 subset Gemini's `Schema` accepts.
 * Keywords outside that subset (`$schema`, `additionalProperties`, `default`, `examples`, ...) are dropped, local
 * `$ref`s are inlined (a recursive reference becomes a bare OBJECT), `type: [x, "null"]` and
 * `anyOf: [x, {type: "null"}]` become `nullable`, `const` becomes a one-value enum.
 * Inlining can multiply a small schema (each definition naming the next twice doubles it per level), so the
 * output is held to MAX_SCHEMA_NODES nodes and MAX_SCHEMA_DEPTH levels: past either, a 400 names the limit.
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
  /** Definitions being inlined on the way here (a reference to one of them is recursion). */
  stack: readonly string[];
  depth: number;
  /** Shared by the whole conversion: nodes produced so far, and where the schema came from (for errors). */
  budget: { nodes: number; param: string };
}

/** The definition a local `$ref` names (`#/$defs/x`, `#/definitions/x`), or undefined. */
function refName(ref: string, scope: Scope): string | undefined {
  const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  if (!m) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(m[1]!);
  } catch {
    return undefined; // bad percent-encoding names no definition
  }
  name = name.replace(/~1/g, "/").replace(/~0/g, "~");
  return Object.hasOwn(scope.defs, name) && isObj(scope.defs[name]) ? name : undefined;
}

function enter(scope: Scope): Scope {
  const { budget } = scope;
  budget.nodes++;
  if (budget.nodes > MAX_SCHEMA_NODES || scope.depth >= MAX_SCHEMA_DEPTH) {
    const what = budget.nodes > MAX_SCHEMA_NODES ? `${MAX_SCHEMA_NODES} nodes` : `${MAX_SCHEMA_DEPTH} levels`;
    throw new BadRequestError(
      `${budget.param}: the JSON schema expands to more than ${what} once its $refs are inlined (Gemini has no $ref)`,
      { param: budget.param, code: "schema_too_complex" },
    );
  }
  return { ...scope, depth: scope.depth + 1 };
}

function nullOnly(s: unknown): boolean {
  return isObj(s) && s.type === "null" && Object.keys(s).length === 1;
}

function cleanNode(node: unknown, outer: Scope): Json {
  if (!isObj(node)) return {};
  const scope = enter(outer);
  if (typeof node.$ref === "string") {
    const name = refName(node.$ref, scope);
    if (name === undefined || scope.stack.includes(name)) {
      return typeof node.description === "string"
        ? { type: "OBJECT", description: node.description }
        : { type: "OBJECT" };
    }
    const { $ref: _ignored, ...siblings } = node;
    return cleanNode({ ...(scope.defs[name] as Json), ...siblings }, { ...scope, stack: [...scope.stack, name] });
  }
  if (Array.isArray(node.allOf) && node.allOf.length > 0) {
    const { allOf, ...rest } = node;
    let merged: Json = rest;
    const stack = [...scope.stack];
    for (const sub of allOf) {
      let s: unknown = sub;
      if (isObj(sub) && typeof sub.$ref === "string") {
        const name = refName(sub.$ref, scope);
        if (name === undefined || stack.includes(name)) continue; // a recursive allOf adds nothing new
        stack.push(name);
        s = scope.defs[name];
      }
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
    return cleanNode(merged, { ...scope, stack });
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

/**
 * Clean a JSON Schema for Gemini's `Schema` (function parameters, responseSchema). `param` names where the
 * schema came from in the request, for the 400 when it expands past the limits.
 */
export function toGeminiSchema(schema: Record<string, unknown>, param = "schema"): Record<string, unknown> {
  const defs: Json = Object.create(null);
  Object.assign(defs, isObj(schema.definitions) ? schema.definitions : {}, isObj(schema.$defs) ? schema.$defs : {});
  return cleanNode(schema, { defs, stack: [], depth: 0, budget: { nodes: 0, param } });
}
