import type { Metered } from "../accounting/metered.js";
import { BadRequestError } from "../errors/gateway-error.js";
import type { Closing, RequestBody } from "./operation.js";

/** A complete JSON answer: priced, closed, sent with its cost header. */
export function jsonAnswer(body: unknown, close: Closing, usage: Metered | undefined, costMicros?: number): Response {
  return jsonTextAnswer(JSON.stringify(body), close, usage, costMicros, body);
}

/** The same for an answer already serialised (a vendor's body passed on as it came). */
export function jsonTextAnswer(
  text: string,
  close: Closing,
  usage: Metered | undefined,
  costMicros?: number,
  /** The answer as a value, when the caller has it (callbacks that log content). */
  response?: unknown,
): Response {
  const cost = costMicros ?? close.cost(usage);
  const headers = close.headers;
  headers["content-type"] = "application/json";
  headers["x-switchyard-response-cost"] = (cost / 1_000_000).toString();
  if (headers["x-litellm-call-id"]) headers["x-litellm-response-cost"] = headers["x-switchyard-response-cost"];
  close.finish({ status: 200, usage, costMicros: cost, response });
  return new Response(text, { status: 200, headers });
}

/** The body text of a JSON operation (a form upload is refused with a 400). */
export function jsonText(body: RequestBody): string {
  if (body.kind === "json") return body.text;
  throw new BadRequestError("this endpoint takes a JSON body (content-type: application/json)", {
    code: "invalid_request",
  });
}
