import type { ErrorBody } from "../openai/error.js";
import type { GatewayError } from "./gateway-error.js";

/** The OpenAI error body for a gateway error. */
export function errorBody(e: GatewayError): ErrorBody {
  return { error: { message: e.message, type: e.type, param: e.param, code: e.code ?? defaultCode(e) } };
}

function defaultCode(e: GatewayError): string | null {
  return e.status === 429 ? "rate_limit_exceeded" : e.status >= 500 ? String(e.status) : null;
}

export function errorHeaders(e: GatewayError): Record<string, string> {
  const h: Record<string, string> = { "content-type": "application/json", ...(e.headers ?? {}) };
  if (e.retryAfter !== undefined) h["retry-after"] = String(Math.max(1, Math.ceil(e.retryAfter)));
  return h;
}

export function errorResponse(e: GatewayError): Response {
  return new Response(JSON.stringify(errorBody(e)), { status: e.status, headers: errorHeaders(e) });
}
