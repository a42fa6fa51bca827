import type { Closing } from "../../operation.js";

/** The headers of a Responses event stream: the request's own (routing, limits) and SSE's. */
export function streamHeaders(close: Closing): Record<string, string> {
  const headers = close.headers;
  headers["content-type"] = "text/event-stream; charset=utf-8";
  headers["cache-control"] = "no-cache";
  return headers;
}
