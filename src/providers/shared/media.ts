import { readLimited } from "../../streaming/read-limited.js";
import { BadRequestError, GatewayError } from "../../errors/gateway-error.js";
import { MAX_URL_IN_MESSAGE } from "../../openai/client-limits.js";

export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

export interface Media {
  mimeType: string;
  /** base64 without the data: prefix */
  base64: string;
}

const MIME_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ASCII_WHITESPACE = /[\t\n\f\r ]/g;

function invalidData(field: string, what: string): GatewayError {
  return new BadRequestError(`${field} is a data: URL with ${what}`, { param: "messages", code: "invalid_data_url" });
}

/**
 * Base64 as vendors accept it (standard alphabet, padded), from what a client sent: ASCII whitespace is
 * dropped and the URL-safe alphabet translated; anything else is a 400 naming `field`.
 */
export function normalizeBase64(text: string, field: string): string {
  let b64 = text.replace(ASCII_WHITESPACE, "");
  if (b64.includes("-") || b64.includes("_")) b64 = b64.replace(/-/g, "+").replace(/_/g, "/");
  const body = b64.replace(/=+$/, "");
  if (!BASE64.test(b64) || body.length % 4 === 1)
    throw new BadRequestError(`${field} is not valid base64`, { param: "messages", code: "invalid_base64" });
  return body + "=".repeat((4 - (body.length % 4)) % 4);
}

/** The bytes of percent-encoded text (other characters as UTF-8), or undefined when a `%` escape is bad. */
function percentDecode(text: string): Uint8Array | undefined {
  const src = new TextEncoder().encode(text);
  const out = new Uint8Array(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b !== 0x25) {
      out[n++] = b;
      continue;
    }
    const hi = hexValue(src[i + 1]);
    const lo = hexValue(src[i + 2]);
    if (hi < 0 || lo < 0) return undefined;
    out[n++] = hi * 16 + lo;
    i += 2;
  }
  return out.subarray(0, n);
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/**
 * Decode a `data:` URL, or undefined if `url` is not one. Its media type must be a `type/subtype`, its
 * payload valid base64 (`;base64`) or valid percent-encoding (other characters taken as UTF-8): else a 400
 * naming `field` (the client's bytes reach a vendor only as checked base64).
 */
export function parseDataUrl(url: string, field = "image_url"): Media | undefined {
  const m = /^data:([^;,]+)?(;[^,]*)?,(.*)$/s.exec(url);
  if (!m) return undefined;
  const mimeType = (m[1] ?? "application/octet-stream").trim();
  if (!MIME_TYPE.test(mimeType)) throw invalidData(field, "a media type that is not type/subtype");
  const isBase64 = (m[2] ?? "").toLowerCase().includes(";base64");
  if (isBase64) return { mimeType, base64: normalizeBase64(m[3]!, field) };
  const bytes = percentDecode(m[3]!);
  if (!bytes) throw invalidData(field, "bad percent-encoding");
  return { mimeType, base64: toBase64(bytes) };
}

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  const CH = 0x8000;
  for (let i = 0; i < bytes.length; i += CH) s += String.fromCharCode(...bytes.subarray(i, i + CH));
  return btoa(s);
}

function named(url: string): string {
  return url.length > MAX_URL_IN_MESSAGE ? `${url.slice(0, MAX_URL_IN_MESSAGE)}...` : url;
}

function unfetchable(url: string, why: string): GatewayError {
  return new BadRequestError(`could not fetch image_url ${named(url)}: ${why}`, {
    param: "messages",
    code: "invalid_image_url",
  });
}

/** A network failure fetching the client's URL is the client's 400 naming it; the client's own abort stays. */
async function guarded<T>(url: string, signal: AbortSignal | undefined, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof GatewayError || signal?.aborted) throw e;
    throw unfetchable(url, e instanceof Error ? e.message : String(e));
  }
}

/**
 * Media bytes for an image URL: data: URLs are decoded; remote URLs must be https,
 * are fetched without following redirects to non-https, and are capped at `maxBytes`.
 * A URL that cannot be fetched (unreachable host, TLS failure, a non-2xx answer) is a 400 naming it.
 */
export async function loadMedia(
  url: string,
  opts: { fetch: typeof fetch; maxBytes?: number; signal?: AbortSignal; field?: string },
): Promise<Media> {
  const data = parseDataUrl(url, opts.field);
  if (data) return data;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BadRequestError(`image_url is not a valid URL`, { param: "messages", code: "invalid_image_url" });
  }
  if (u.protocol !== "https:")
    throw new BadRequestError(`image_url must be https or a data: URL`, {
      param: "messages",
      code: "invalid_image_url",
    });
  const max = opts.maxBytes ?? MAX_MEDIA_BYTES;
  return guarded(url, opts.signal, async () => {
    let res = await opts.fetch(u.toString(), { redirect: "manual", signal: opts.signal });
    for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 3; hops++) {
      const loc = res.headers.get("location");
      if (!loc) break;
      const next = new URL(loc, u);
      if (next.protocol !== "https:")
        throw new BadRequestError(`image_url ${named(url)} redirected to a non-https URL`, {
          param: "messages",
          code: "invalid_image_url",
        });
      await res.body?.cancel();
      u = next;
      res = await opts.fetch(u.toString(), { redirect: "manual", signal: opts.signal });
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw unfetchable(url, `HTTP ${res.status}`);
    }
    const tooLarge = () =>
      new BadRequestError(`image at image_url ${named(url)} is larger than ${max} bytes`, {
        param: "messages",
        code: "image_too_large",
      });
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > max) {
      await res.body.cancel();
      throw tooLarge();
    }
    const all = await readLimited(res.body, max, tooLarge);
    const declaredType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const mimeType = MIME_TYPE.test(declaredType) ? declaredType : "application/octet-stream";
    return { mimeType, base64: toBase64(all) };
  });
}
