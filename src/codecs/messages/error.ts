import type { ErrorKind, GatewayError } from "../../errors/gateway-error.js";
import { errorHeaders } from "../../errors/render.js";
import { AnthropicErrorType, type AnthropicErrorBody } from "../../anthropic/error.js";

/**
 * Gateway errors in Anthropic's shape: `{"type":"error","error":{"type","message"}}` with Anthropic's
 * status for each type. An error that came from Anthropic keeps its own type (the adapters put it in
 * `code`); the others are typed by their class.
 */

/** The status Anthropic answers each error type with. */
export const STATUS_OF_TYPE: Readonly<Record<AnthropicErrorType, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

const TYPE_OF_KIND: Readonly<Record<ErrorKind, AnthropicErrorType>> = {
  BadRequestError: "invalid_request_error",
  ContextWindowExceededError: "invalid_request_error",
  ContentPolicyViolationError: "invalid_request_error",
  UnprocessableEntityError: "invalid_request_error",
  AuthenticationError: "authentication_error",
  PermissionDeniedError: "permission_error",
  NotFoundError: "not_found_error",
  RequestTooLargeError: "request_too_large",
  TimeoutError: "timeout_error",
  RateLimitError: "rate_limit_error",
  // A spent budget is a billing condition, not a rate to back off from: Anthropic's clients do not retry 402.
  BudgetExceededError: "billing_error",
  InternalServerError: "api_error",
  BadGatewayError: "api_error",
  APIConnectionError: "api_error",
  // No healthy deployment, or the vendor said it is overloaded: Anthropic's 529.
  ServiceUnavailableError: "overloaded_error",
};

export interface AnthropicError {
  status: number;
  type: AnthropicErrorType;
}

/** The Anthropic type and status for a gateway error. api_error keeps the gateway's 5xx (500, 502). */
export function anthropicErrorOf(e: GatewayError): AnthropicError {
  const upstream = AnthropicErrorType.safeParse(e.code);
  const type = upstream.success ? upstream.data : TYPE_OF_KIND[e.kind];
  const status = type === "api_error" && e.status >= 500 ? e.status : STATUS_OF_TYPE[type];
  return { status, type };
}

export function anthropicErrorBody(e: GatewayError, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = { type: "error", error: { type: anthropicErrorOf(e).type, message: e.message } };
  if (requestId) body.request_id = requestId;
  return body;
}

/** The HTTP answer for a Messages route; retry-after and the error's own headers are kept. */
export function anthropicErrorResponse(e: GatewayError, requestId?: string): Response {
  const headers = errorHeaders(e);
  if (requestId) headers["request-id"] = requestId;
  return new Response(JSON.stringify(anthropicErrorBody(e, requestId)), {
    status: anthropicErrorOf(e).status,
    headers,
  });
}

/** The `error` event that ends a stream which failed after it began. */
export function anthropicErrorEvent(e: GatewayError): AnthropicErrorBody {
  return anthropicErrorBody(e);
}
