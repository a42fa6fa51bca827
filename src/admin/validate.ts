import { z } from "zod";
import { formatPath } from "../config/format-issues.js";
import { BadRequestError, type GatewayError } from "../errors/gateway-error.js";

/** A zod failure as a 400 naming the field (the first issue). */
export function invalid(error: z.ZodError, where: "body" | "query", input: unknown): GatewayError {
  const issue = error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const field = formatPath([...issue.path, key]);
    return new BadRequestError(`unsupported field "${field}" in the request ${where}`, {
      param: field,
      code: "invalid_request",
    });
  }
  const field = formatPath(issue.path);
  const missing = issue.code === "invalid_type" && valueAt(input, issue.path) === undefined;
  const message = missing ? `missing required field "${field}"` : `invalid "${field}": ${issue.message}`;
  return new BadRequestError(message, { param: field, code: "invalid_request" });
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** JSON body → schema, or a 400. */
export function parseBody<S extends z.ZodType>(schema: S, text: string): z.infer<S> {
  let json: unknown;
  try {
    json = text.trim() ? JSON.parse(text) : {};
  } catch (e) {
    throw new BadRequestError(`request body is not valid JSON: ${(e as Error).message}`, { code: "invalid_json" });
  }
  if (!json || typeof json !== "object" || Array.isArray(json))
    throw new BadRequestError("request body must be a JSON object", { code: "invalid_request" });
  dropUnsetExtras(schema, json as Record<string, unknown>);
  const r = schema.safeParse(json);
  if (!r.success) throw invalid(r.error, "body", json);
  return r.data;
}

/** Query string → schema (values are strings; schemas coerce), or a 400. */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  const r = schema.safeParse(raw);
  if (!r.success) throw invalid(r.error, "query", raw);
  return r.data;
}

/**
 * A field the schema does not know is still fine when its value means "unset" (null, [], {} or
 * false): LiteLLM clients send such defaults for fields they do not use. Any other value of an
 * unknown field stays a 400 naming it.
 */
function dropUnsetExtras(schema: z.ZodType, body: Record<string, unknown>): void {
  if (!(schema instanceof z.ZodObject)) return;
  const known = schema.shape as Record<string, unknown>;
  for (const [k, v] of Object.entries(body)) {
    if (k in known) continue;
    if (isUnset(v)) delete body[k];
  }
}

function isUnset(v: unknown): boolean {
  if (v === null || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v as object).length === 0;
}
