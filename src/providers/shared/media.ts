import { readLimited } from "../../streaming/read-limited.js";
import { BadRequestError } from "../../errors/gateway-error.js";

export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

export interface Media {
  mimeType: string;
  /** base64 without the data: prefix */
  base64: string;
}

/** Decode a `data:` URL, or undefined if `url` is not one. */
export function parseDataUrl(url: string): Media | undefined {
  const m = /^data:([^;,]+)?(;[^,]*)?,(.*)$/s.exec(url);
  if (!m) return undefined;
  const mimeType = m[1] ?? "application/octet-stream";
  const isBase64 = (m[2] ?? "").includes(";base64");
  const base64 = isBase64 ? m[3]! : btoa(decodeURIComponent(m[3]!));
  return { mimeType, base64 };
}

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  const CH = 0x8000;
  for (let i = 0; i < bytes.length; i += CH) s += String.fromCharCode(...bytes.subarray(i, i + CH));
  return btoa(s);
}

/**
 * Media bytes for an image URL: data: URLs are decoded; remote URLs must be https,
 * are fetched without following redirects to non-https, and are capped at `maxBytes`.
 */
export async function loadMedia(
  url: string,
  opts: { fetch: typeof fetch; maxBytes?: number; signal?: AbortSignal },
): Promise<Media> {
  const data = parseDataUrl(url);
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
  let res = await opts.fetch(u.toString(), { redirect: "manual", signal: opts.signal });
  for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 3; hops++) {
    const loc = res.headers.get("location");
    if (!loc) break;
    const next = new URL(loc, u);
    if (next.protocol !== "https:")
      throw new BadRequestError(`image_url redirected to a non-https URL`, {
        param: "messages",
        code: "invalid_image_url",
      });
    u = next;
    res = await opts.fetch(u.toString(), { redirect: "manual", signal: opts.signal });
  }
  if (!res.ok || !res.body)
    throw new BadRequestError(`could not fetch image_url (HTTP ${res.status})`, {
      param: "messages",
      code: "invalid_image_url",
    });
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max)
    throw new BadRequestError(`image at image_url is larger than ${max} bytes`, {
      param: "messages",
      code: "image_too_large",
    });
  const all = await readLimited(
    res.body,
    max,
    () =>
      new BadRequestError(`image at image_url is larger than ${max} bytes`, {
        param: "messages",
        code: "image_too_large",
      }),
  );
  const mimeType = (res.headers.get("content-type") ?? "application/octet-stream").split(";")[0]!.trim();
  return { mimeType, base64: toBase64(all) };
}
