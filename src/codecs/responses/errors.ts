import { GatewayError } from "../../errors/gateway-error.js";
import type { ResponseError } from "../../responses/response.js";

/**
 * A failure in the middle of a stream → `response.error` of the `response.failed` event (HTTP errors
 * before the stream starts are rendered like every other gateway error, in OpenAI's error shape).
 * Codes are OpenAI's: rate limits stay `rate_limit_exceeded`, a refused prompt `invalid_prompt`,
 * everything else `server_error`. A gateway error's message is safe to show; anything else is not.
 */
export function streamFailure(e: unknown): ResponseError {
  if (!(e instanceof GatewayError)) return { code: "server_error", message: "the upstream stream failed" };
  const code = e.status === 429 ? "rate_limit_exceeded" : e.status === 400 ? "invalid_prompt" : "server_error";
  return { code, message: e.message };
}
