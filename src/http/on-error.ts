import type { Logger } from "../logger.js";
import { GatewayError, InternalServerError } from "../errors/gateway-error.js";
import { errorResponse } from "../errors/render.js";

/** The single place an error becomes an HTTP response. Unknown errors are logged and become a generic 500. */
export function renderError(e: unknown, log: Logger, requestId?: string): Response {
  if (e instanceof GatewayError) {
    const res = errorResponse(e);
    if (requestId) res.headers.set("x-request-id", requestId);
    return res;
  }
  log.error("unhandled error", {
    request_id: requestId,
    error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  });
  return errorResponse(new InternalServerError("internal error in the gateway", { code: "internal_error" }));
}
