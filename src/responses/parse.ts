import type { z } from "zod";
import { formatPath } from "../config/format-issues.js";
import { BadRequestError } from "../errors/gateway-error.js";
import { ResponseCreateRequest } from "./request.js";

/** Body text → validated Responses request; malformed JSON and schema violations are 400s naming the field. */
export function parseResponsesRequest(text: string): ResponseCreateRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BadRequestError(`request body is not valid JSON: ${(e as Error).message}`, { code: "invalid_json" });
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new BadRequestError("request body must be a JSON object", { code: "invalid_request" });
  }
  const r = ResponseCreateRequest.safeParse(json);
  if (r.success) return r.data;
  const { path, message } = describe(r.error.issues[0]!);
  throw new BadRequestError(`invalid request: ${path}: ${message}`, { param: path, code: "invalid_request" });
}

/**
 * The most specific issue. A union (input as string or items, an item, a tool) reports the issue of the
 * alternative that got furthest into the value (the deepest path; the first on a tie), not "invalid input".
 */
function describe(issue: z.core.$ZodIssue): { path: string; message: string } {
  const d = deepest(issue, []);
  return { path: formatPath(d.path), message: d.message };
}

function deepest(issue: z.core.$ZodIssue, prefix: PropertyKey[]): { path: PropertyKey[]; message: string } {
  const at = [...prefix, ...issue.path];
  let best: { path: PropertyKey[]; message: string } | undefined;
  if (issue.code === "invalid_union") {
    for (const branch of issue.errors) {
      const d = branch[0] && deepest(branch[0], at);
      if (d && (!best || d.path.length > best.path.length)) best = d;
    }
  }
  if (best) return best;
  const required = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
  return { path: at, message: required ? "required" : issue.message };
}
