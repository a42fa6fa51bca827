/** The one error hierarchy. Only http/on-error.ts renders these to JSON. */
export interface GatewayErrorOptions {
  param?: string | null;
  code?: string | null;
  /** Seconds the client should wait, rendered as `retry-after`. */
  retryAfter?: number;
  /** Provider that produced the error, if any (never a credential). */
  provider?: string;
  cause?: unknown;
  /** Extra response headers (e.g. x-ratelimit-*). */
  headers?: Record<string, string>;
  /** A failure the client asked for (LiteLLM's test parameters): never retried, never held against a deployment. */
  mock?: boolean;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly retryable: boolean;
  readonly retryAfter?: number;
  readonly provider?: string;
  /** Extra response headers; the pipeline adds its routing headers before the error is rendered. */
  headers?: Record<string, string>;
  /** Name of the error class used by retry_policy / allowed_fails_policy. */
  readonly kind: ErrorKind;
  readonly mock: boolean;

  constructor(
    init: { status: number; type: string; kind: ErrorKind; retryable: boolean; message: string },
    opts: GatewayErrorOptions = {},
  ) {
    super(init.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.status = init.status;
    this.type = init.type;
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.param = opts.param ?? null;
    this.code = opts.code ?? null;
    this.retryAfter = opts.retryAfter;
    this.provider = opts.provider;
    this.headers = opts.headers;
    this.mock = opts.mock === true;
  }
}

export type ErrorKind =
  | "BadRequestError"
  | "ContextWindowExceededError"
  | "ContentPolicyViolationError"
  | "AuthenticationError"
  | "PermissionDeniedError"
  | "NotFoundError"
  | "RequestTooLargeError"
  | "TimeoutError"
  | "UnprocessableEntityError"
  | "RateLimitError"
  | "BudgetExceededError"
  | "InternalServerError"
  | "BadGatewayError"
  | "ServiceUnavailableError"
  | "APIConnectionError";

type Ctor = new (message: string, opts?: GatewayErrorOptions) => GatewayError;

function errorClass(kind: ErrorKind, status: number, type: string, retryable: boolean): Ctor {
  const C = class extends GatewayError {
    constructor(message: string, opts?: GatewayErrorOptions) {
      super({ status, type, kind, retryable, message }, opts);
    }
  };
  Object.defineProperty(C, "name", { value: kind });
  return C;
}

export const BadRequestError = errorClass("BadRequestError", 400, "invalid_request_error", false);
export const ContextWindowExceededError = errorClass("ContextWindowExceededError", 400, "invalid_request_error", false);
export const ContentPolicyViolationError = errorClass(
  "ContentPolicyViolationError",
  400,
  "invalid_request_error",
  false,
);
export const AuthenticationError = errorClass("AuthenticationError", 401, "authentication_error", false);
export const PermissionDeniedError = errorClass("PermissionDeniedError", 403, "permission_denied", false);
export const NotFoundError = errorClass("NotFoundError", 404, "not_found_error", false);
export const RequestTooLargeError = errorClass("RequestTooLargeError", 413, "invalid_request_error", false);
export const TimeoutError = errorClass("TimeoutError", 408, "timeout", true);
export const UnprocessableEntityError = errorClass("UnprocessableEntityError", 422, "invalid_request_error", false);
export const RateLimitError = errorClass("RateLimitError", 429, "rate_limit_error", true);
export const BudgetExceededError = errorClass("BudgetExceededError", 429, "budget_exceeded", false);
export const InternalServerError = errorClass("InternalServerError", 500, "api_error", true);
export const BadGatewayError = errorClass("BadGatewayError", 502, "api_error", true);
export const ServiceUnavailableError = errorClass("ServiceUnavailableError", 503, "api_error", true);
export const APIConnectionError = errorClass("APIConnectionError", 502, "api_connection_error", true);

/** Map an upstream HTTP status to the matching error class (providers refine by message/code first). */
export function errorForStatus(status: number, message: string, opts: GatewayErrorOptions = {}): GatewayError {
  switch (status) {
    case 400:
      return new BadRequestError(message, opts);
    case 401:
      return new AuthenticationError(message, opts);
    case 403:
      return new PermissionDeniedError(message, opts);
    case 404:
      return new NotFoundError(message, opts);
    case 408:
      return new TimeoutError(message, opts);
    case 413:
      return new RequestTooLargeError(message, opts);
    case 422:
      return new UnprocessableEntityError(message, opts);
    case 429:
      return new RateLimitError(message, opts);
    case 502:
      return new BadGatewayError(message, opts);
    case 503:
    case 529:
      return new ServiceUnavailableError(message, opts);
    case 504:
      return new TimeoutError(message, opts);
    default:
      if (status >= 500) return new InternalServerError(message, opts);
      return new BadRequestError(message, opts);
  }
}

const CONTEXT_PATTERNS =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input is too long|exceeds the maximum number of tokens|reduce the length/i;
const POLICY_PATTERNS = /content[_ ]policy|content management policy|safety|content_filter|responsible ai|blocked by/i;

/**
 * Refine a 400-class upstream error by its message: context-window and content-policy
 * errors get their own classes so fallbacks can target them.
 */
export function classifyClientError(status: number, message: string, opts: GatewayErrorOptions = {}): GatewayError {
  if (status === 400 || status === 413 || status === 422) {
    if (CONTEXT_PATTERNS.test(message) || opts.code === "context_length_exceeded") {
      return new ContextWindowExceededError(message, { ...opts, code: opts.code ?? "context_length_exceeded" });
    }
    if (POLICY_PATTERNS.test(message) || opts.code === "content_filter" || opts.code === "content_policy_violation") {
      return new ContentPolicyViolationError(message, { ...opts, code: opts.code ?? "content_policy_violation" });
    }
  }
  return errorForStatus(status, message, opts);
}
