import { classifyClientError, type GatewayError } from "../../errors/gateway-error.js";
import { readJsonAs } from "../shared/json.js";
import { retryAfterSeconds } from "../shared/retry-after.js";
import { AnthropicErrorBody } from "./api.js";

/** Anthropic error type → HTTP status, for errors that arrive inside a 200 stream. */
const STATUS_BY_TYPE: Readonly<Record<string, number>> = {
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

/** Context overflows Anthropic reports as plain invalid_request_error. */
const CONTEXT_OVERFLOW = /prompt is too long|exceed context limit|exceeds? the context window|context_length/i;

/**
 * Anthropic error (`{type:"error", error:{type, message}}`) → gateway error. The HTTP status picks the
 * class (529 overloaded → 503); prompt-too-long → ContextWindowExceeded; retry-after is kept.
 */
export function parseAnthropicError(
  res: { status: number; headers: Headers; body: string },
  opts: { provider?: string; now?: number } = {},
): GatewayError {
  const provider = opts.provider ?? "anthropic";
  const e = readJsonAs(AnthropicErrorBody, res.body)?.error;
  const message = e?.message ?? (res.body.trim().slice(0, 500) || `HTTP ${res.status}`);
  const type = e?.type ?? null;
  const overflow = res.status === 400 && CONTEXT_OVERFLOW.test(message);
  return classifyClientError(res.status, `${provider} error: ${message}`, {
    provider,
    code: overflow ? "context_length_exceeded" : type,
    retryAfter: retryAfterSeconds(res.headers, opts.now),
  });
}

/** An in-stream `event: error` payload → the gateway error its type stands for. */
export function anthropicStreamError(data: string, opts: { provider?: string } = {}): GatewayError {
  const type = readJsonAs(AnthropicErrorBody, data)?.error.type ?? "api_error";
  return parseAnthropicError({ status: STATUS_BY_TYPE[type] ?? 500, headers: new Headers(), body: data }, opts);
}
