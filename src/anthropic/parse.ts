import type { z } from "zod";
import { BadRequestError } from "../errors/gateway-error.js";
import { formatPath } from "../config/format-issues.js";
import { CountTokensRequest } from "./count-tokens.js";
import { MessagesRequest } from "./request.js";

type Issue = z.core.$ZodIssue;

/**
 * The issue that says what is wrong. A union reports one list of issues per branch; the branch that got
 * furthest into the value (the longest path) is the one the client meant, so its issue names the field.
 */
function innermost(issue: Issue, base: ReadonlyArray<PropertyKey> = []): { issue: Issue; path: PropertyKey[] } {
  const path = [...base, ...issue.path];
  if (issue.code !== "invalid_union") return { issue, path };
  let best: { issue: Issue; path: PropertyKey[] } | undefined;
  for (const branch of issue.errors) {
    if (!branch[0]) continue;
    const found = innermost(branch[0], path);
    if (!best || found.path.length > best.path.length) best = found;
  }
  return best ?? { issue, path };
}

/** A request body's text → the JSON object it holds; a 400 when it is not one. */
export function jsonObjectOf(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BadRequestError(`request body is not valid JSON: ${(e as Error).message}`, { code: "invalid_json" });
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new BadRequestError("request body must be a JSON object", { code: "invalid_request" });
  }
  return json as Record<string, unknown>;
}

/** A parsed body against a request schema; a 400 naming the field. */
export function validateAs<S extends z.ZodType>(schema: S, json: Record<string, unknown>): z.infer<S> {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const { issue, path: at } = innermost(r.error.issues[0]!);
  const path = formatPath(at);
  const message =
    issue.code === "invalid_type" && issue.message.includes("undefined")
      ? `${path}: field required`
      : `${path}: ${issue.message}`;
  throw new BadRequestError(message, { param: path, code: "invalid_request" });
}

function parseAs<S extends z.ZodType>(schema: S, text: string): z.infer<S> {
  return validateAs(schema, jsonObjectOf(text));
}

/** Body text of POST /v1/messages → the validated request; a 400 naming the field otherwise. */
export function parseMessagesRequest(text: string): MessagesRequest {
  return parseAs(MessagesRequest, text);
}

/** Body text of POST /v1/messages/count_tokens → the validated request. */
export function parseCountTokensRequest(text: string): CountTokensRequest {
  return parseAs(CountTokensRequest, text);
}
