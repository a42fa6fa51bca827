import { BadRequestError, GatewayError, RequestTooLargeError } from "../errors/gateway-error.js";
import { readLimited } from "../streaming/read-limited.js";

/**
 * Request body as text, refused with 413 past `maxBytes` (by header, and while reading). A body that
 * cannot be read (shorter than its Content-Length, bad chunked framing, a chunk extension the runtime
 * does not take) is the client's 400; when the client has gone, nobody reads it.
 */
export async function readBody(req: Request, maxBytes: number): Promise<string> {
  try {
    return await readWithin(req, maxBytes);
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    throw new BadRequestError(
      "the request body could not be read: it ended before its Content-Length, or its chunked framing is invalid (bad chunk size, or a chunk extension)",
      { code: "invalid_body" },
    );
  }
}

async function readWithin(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () =>
    new RequestTooLargeError(
      `request body is larger than the ${maxBytes} byte limit (general_settings.max_request_size_mb)`,
      { code: "request_too_large" },
    );
  if (declared > maxBytes) throw tooLarge();
  if (declared > 0) {
    // The runtime holds the body to its declared length; reading it whole is the cheap path.
    const text = await req.text();
    if (text.length > maxBytes) throw tooLarge();
    return text;
  }
  if (!req.body) return "";
  return new TextDecoder().decode(await readLimited(req.body, maxBytes, tooLarge));
}
