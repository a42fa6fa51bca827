import { BadRequestError } from "../errors/gateway-error.js";
import { formatPath } from "../config/format-issues.js";
import { ChatCompletionRequest } from "../openai/chat-request.js";
import { fastChatRequest } from "../openai/fast-chat-request.js";

/** Body text → validated request; malformed JSON and schema violations are 400s naming the field. */
export function parseChatRequest(text: string): ChatCompletionRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BadRequestError(`request body is not valid JSON: ${(e as Error).message}`, { code: "invalid_json" });
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new BadRequestError("request body must be a JSON object", { code: "invalid_request" });
  }
  const fast = fastChatRequest(json as Record<string, unknown>);
  if (fast) return fast;
  const r = ChatCompletionRequest.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = formatPath(issue.path);
  const message =
    issue.code === "invalid_type" && issue.message.includes("undefined")
      ? `missing required field "${path}"`
      : `${path}: ${issue.message}`;
  throw new BadRequestError(`invalid request: ${message}`, { param: path, code: "invalid_request" });
}
