import {
  AuthenticationError,
  classifyClientError,
  ContextWindowExceededError,
  TimeoutError,
  type GatewayError,
} from "../../errors/gateway-error.js";
import { readJsonAs } from "../shared/json.js";
import { retryAfterSeconds } from "../shared/retry-after.js";
import { GoogleErrorBodyOrArray, type GoogleErrorObject } from "./api.js";

/** google.rpc.Code name → the HTTP status it stands for. */
const STATUS_HTTP: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  ALREADY_EXISTS: 400,
  UNIMPLEMENTED: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 500,
  UNKNOWN: 500,
  INTERNAL: 500,
  DATA_LOSS: 500,
  ABORTED: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

const CONTEXT =
  /input token count.*exceeds|exceeds the maximum number of tokens|too many tokens|context (window|length)/i;

/** `retryDelay` of a google.rpc.RetryInfo detail ("37s", "0.5s") in seconds. */
function retryInfoSeconds(e: GoogleErrorObject): number | undefined {
  for (const d of e.details ?? []) {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay ?? "");
    if (m) return Number(m[1]);
  }
  return undefined;
}

function errorObjectOf(body: string): GoogleErrorObject | undefined {
  const b = readJsonAs(GoogleErrorBodyOrArray, body);
  if (!b) return undefined;
  return Array.isArray(b) ? b[0]!.error : b.error;
}

/**
 * A Google API error (`{error: {code, message, status, details}}`, or Vertex's one-element array of it)
 * → gateway error. The rpc status decides the class when present; 400s are refined by message
 * (token-limit → ContextWindowExceeded), an invalid API key is an authentication error, and
 * RESOURCE_EXHAUSTED carries retry-after from the header or RetryInfo.
 */
export function parseGoogleError(
  provider: string,
  res: { status: number; headers: Headers; body: string },
): GatewayError {
  const e = errorObjectOf(res.body);
  const rpc = e?.status ?? undefined;
  const status = (rpc && STATUS_HTTP[rpc]) || (e?.code && e.code >= 400 && e.code < 600 ? e.code : res.status);
  const message = `${provider} error: ${e?.message || res.body.trim().slice(0, 500) || `HTTP ${res.status}`}`;
  const opts = {
    provider,
    code: rpc ?? null,
    retryAfter: retryAfterSeconds(res.headers) ?? (e ? retryInfoSeconds(e) : undefined),
  };
  if (e?.details?.some((d) => d.reason === "API_KEY_INVALID")) return new AuthenticationError(message, opts);
  if (rpc === "DEADLINE_EXCEEDED") return new TimeoutError(message, opts);
  if (status === 400 && CONTEXT.test(message))
    return new ContextWindowExceededError(message, { ...opts, code: "context_length_exceeded" });
  return classifyClientError(status, message, opts);
}

/** An error object delivered inside a stream, mapped like an HTTP error of its code. */
export function streamError(provider: string, e: GoogleErrorObject): GatewayError {
  const status = e.code && e.code >= 400 && e.code < 600 ? e.code : 500;
  return parseGoogleError(provider, { status, headers: new Headers(), body: JSON.stringify({ error: e }) });
}
