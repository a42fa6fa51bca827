import type { z } from "zod";
import { BadRequestError } from "../errors/gateway-error.js";
import { formatPath } from "../config/format-issues.js";
import { ChatCompletionRequest } from "../openai/chat-request.js";
import { fastChatRequest } from "../openai/fast-chat-request.js";
import { MAX_JSON_DEPTH, pathPastDepth } from "../openai/client-limits.js";

/** Body text → a JSON object; malformed JSON and non-objects are 400s. */
export function parseJsonObject(text: string): Record<string, unknown> {
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

/**
 * A value checked against a request schema; a violation is a 400 naming the field. Nesting past
 * MAX_JSON_DEPTH is refused first, so no later walk over the request (schema conversion,
 * serialisation) can run out of stack.
 */
export function validated<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const deep = pathPastDepth(value, MAX_JSON_DEPTH);
  if (deep) {
    const path = formatPath(deep.slice(0, 4));
    throw new BadRequestError(`invalid request: ${path}: nests deeper than ${MAX_JSON_DEPTH} levels`, {
      param: path,
      code: "invalid_request",
    });
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = formatPath(issue.path);
  const message =
    issue.code === "invalid_type" && issue.message.includes("undefined")
      ? `missing required field "${path}"`
      : `${path}: ${issue.message}`;
  throw new BadRequestError(`invalid request: ${message}`, { param: path, code: "invalid_request" });
}

/** Body text → validated request of any JSON operation. */
export function parseRequest<S extends z.ZodType>(schema: S, text: string): z.infer<S> {
  return validated(schema, parseJsonObject(text));
}

/** Body text → validated chat request (the common shape is checked without building a zod result). */
export function parseChatRequest(text: string): ChatCompletionRequest {
  const json = parseJsonObject(text);
  return fastChatRequest(json) ?? validated(ChatCompletionRequest, json);
}
