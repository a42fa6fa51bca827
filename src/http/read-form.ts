import { BadRequestError, RequestTooLargeError } from "../errors/gateway-error.js";
import { readLimited } from "../streaming/read-limited.js";

/** A multipart/form-data body, refused with 413 past `maxBytes` (by header, and while reading). */
export async function readForm(req: Request, maxBytes: number): Promise<{ form: FormData; bytes: number }> {
  const tooLarge = () =>
    new RequestTooLargeError(
      `request body is larger than the ${maxBytes} byte limit (general_settings.max_request_size_mb)`,
      { code: "request_too_large" },
    );
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const bytes = req.body ? await readLimited(req.body, maxBytes, tooLarge) : new Uint8Array();
  try {
    const form = await new Response(bytes, {
      headers: { "content-type": req.headers.get("content-type") ?? "" },
    }).formData();
    return { form, bytes: bytes.byteLength };
  } catch {
    throw new BadRequestError("the multipart/form-data body could not be read", { code: "invalid_request" });
  }
}
