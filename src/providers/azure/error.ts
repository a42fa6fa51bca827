import { ContentPolicyViolationError, type GatewayError } from "../../errors/gateway-error.js";
import { parseOpenAIError } from "../openai-compatible/error.js";

/** Azure speaks OpenAI's error body; its content filter (code content_filter) is a policy violation. */
export function parseAzureError(res: { status: number; headers: Headers; body: string }): GatewayError {
  const e = parseOpenAIError("azure", res);
  if (e.code === "content_filter" && e.kind !== "ContentPolicyViolationError") {
    return new ContentPolicyViolationError(e.message, { provider: "azure", code: "content_filter" });
  }
  return e;
}
