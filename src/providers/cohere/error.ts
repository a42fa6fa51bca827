import {
  APIConnectionError,
  classifyClientError,
  ContentPolicyViolationError,
  RateLimitError,
  type GatewayError,
} from "../../errors/gateway-error.js";
import { readJsonAs } from "../shared/json.js";
import { retryAfterSeconds } from "../shared/retry-after.js";
import { CohereErrorBody } from "./api.js";

const PROVIDER = "cohere";

/**
 * Cohere error bodies are `{message}` (optionally `id`). Status decides the class; 402 (billing)
 * is reported like OpenAI's quota errors (429 insufficient_quota) so fallbacks can move on,
 * 498 (deny-listed token) is a content-policy violation, 499 (request cancelled upstream) a
 * connection failure. "too many tokens" and similar 400s are context-window errors.
 */
export function parseCohereError(res: { status: number; headers: Headers; body: string }): GatewayError {
  const detail =
    readJsonAs(CohereErrorBody, res.body)?.message ?? (res.body.trim().slice(0, 500) || `HTTP ${res.status}`);
  const message = `${PROVIDER} error: ${detail}`;
  const retryAfter = retryAfterSeconds(res.headers);
  switch (res.status) {
    case 402:
      return new RateLimitError(message, { provider: PROVIDER, code: "insufficient_quota" });
    case 498:
      return new ContentPolicyViolationError(message, { provider: PROVIDER, code: "content_policy_violation" });
    case 499:
      return new APIConnectionError(message, { provider: PROVIDER, code: "request_cancelled" });
    default:
      return classifyClientError(res.status, message, { provider: PROVIDER, retryAfter });
  }
}
