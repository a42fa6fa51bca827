import {
  AuthenticationError,
  BadGatewayError,
  classifyClientError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  TimeoutError,
  type GatewayError,
  type GatewayErrorOptions,
} from "../../errors/gateway-error.js";
import { readJsonAs } from "../shared/json.js";
import { retryAfterSeconds } from "../shared/retry-after.js";
import { BedrockErrorBody } from "./api.js";

export const PROVIDER = "bedrock";

const AUTH_TYPES = new Set([
  "unrecognizedclientexception",
  "invalidsignatureexception",
  "incompletesignatureexception",
  "missingauthenticationtokenexception",
  "expiredtokenexception",
  "invalidclienttokenid",
  "signaturedoesnotmatch",
]);
const SIGNATURE_MESSAGE = /signature|security token|credential should|authorization header/i;
const TOO_LONG = /too long|too many (input )?tokens|context (length|window)|maximum (context|input)/i;

/** "ValidationException:http://internal.amazon.com/coral/..." or "com.amazon...#ValidationException" → "validationexception". */
function normaliseType(t: string | null | undefined): string {
  const head = (t ?? "").split(":")[0]!;
  return head
    .slice(head.lastIndexOf("#") + 1)
    .trim()
    .toLowerCase();
}

/**
 * The first paragraph only, capped: AWS signature errors go on to print the canonical request,
 * which would echo a session token back to the client.
 */
function cleanMessage(m: string): string {
  return m
    .split(/\r?\n\s*\r?\n/)[0]!
    .trim()
    .slice(0, 500);
}

/** One mapping for HTTP errors (x-amzn-errortype) and in-stream exceptions (:exception-type). */
export function bedrockError(opts: {
  type: string | null | undefined;
  status: number;
  message: string;
  retryAfter?: number;
}): GatewayError {
  const type = normaliseType(opts.type);
  const message = `${PROVIDER} error: ${cleanMessage(opts.message) || `HTTP ${opts.status}`}`;
  const o: GatewayErrorOptions = { provider: PROVIDER, code: type || null };
  if (opts.retryAfter !== undefined) o.retryAfter = opts.retryAfter;
  if (AUTH_TYPES.has(type)) return new AuthenticationError(message, o);
  switch (type) {
    case "validationexception":
      if (TOO_LONG.test(opts.message))
        return new ContextWindowExceededError(message, { ...o, code: "context_length_exceeded" });
      return classifyClientError(400, message, o);
    case "accessdeniedexception":
      return /signature|security token/i.test(opts.message)
        ? new AuthenticationError(message, o)
        : new PermissionDeniedError(message, o);
    case "resourcenotfoundexception":
      return new NotFoundError(message, o);
    case "throttlingexception":
    case "servicequotaexceededexception":
    case "toomanyrequestsexception":
      return new RateLimitError(message, o);
    case "modeltimeoutexception":
      return new TimeoutError(message, o);
    case "serviceunavailableexception":
    case "modelnotreadyexception":
      return new ServiceUnavailableError(message, o);
    case "internalserverexception":
      return new InternalServerError(message, o);
    case "modelerrorexception":
    case "modelstreamerrorexception":
      return new BadGatewayError(message, o);
  }
  if (opts.status === 403 && SIGNATURE_MESSAGE.test(opts.message)) return new AuthenticationError(message, o);
  return classifyClientError(opts.status, message, o);
}

/** An HTTP error response from Bedrock: JSON `{message}` with the class in `x-amzn-errortype`. */
export function parseBedrockError(res: { status: number; headers: Headers; body: string }): GatewayError {
  const b = readJsonAs(BedrockErrorBody, res.body);
  const message = b?.message ?? b?.Message ?? (res.body.trim().slice(0, 500) || `HTTP ${res.status}`);
  const type = res.headers.get("x-amzn-errortype") ?? b?.__type;
  return bedrockError({ type, status: res.status, message, retryAfter: retryAfterSeconds(res.headers) });
}

const STATUS_OF_EXCEPTION: Record<string, number> = {
  throttlingexception: 429,
  validationexception: 400,
  internalserverexception: 500,
  serviceunavailableexception: 503,
  modelstreamerrorexception: 424,
};

/** An exception delivered inside the event stream (`:message-type` exception or error). */
export function streamException(headers: Record<string, string>, payload: string): GatewayError {
  const b = readJsonAs(BedrockErrorBody, payload);
  const type = headers[":exception-type"] ?? headers[":error-code"];
  let message = b?.message ?? b?.Message ?? headers[":error-message"] ?? (payload.trim() || "stream error");
  if (b?.originalMessage) message = `${message} (${b.originalMessage})`;
  return bedrockError({ type, status: STATUS_OF_EXCEPTION[normaliseType(type)] ?? 500, message });
}
