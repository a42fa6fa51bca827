import { BadRequestError } from "../../errors/gateway-error.js";
import type { ImageGenerationRequest, ImageGenerationResponse } from "../../openai/images.js";
import type { Deployment } from "../deployment.js";

/** Width and height of an OpenAI size ("1024x1792"); undefined for "auto" or anything else. */
export function sizeOf(size: string | null | undefined): { width: number; height: number } | undefined {
  const m = /^(\d{2,5})x(\d{2,5})$/.exec(size ?? "");
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
}

/** The vendor aspect ratio ("16:9") closest to an OpenAI size; undefined when the size names none. */
export function nearestAspectRatio(size: string | null | undefined, allowed: readonly string[]): string | undefined {
  const s = sizeOf(size);
  if (!s) return undefined;
  const want = Math.log(s.width / s.height);
  let best: string | undefined;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const r of allowed) {
    const [w, h] = r.split(":").map(Number) as [number, number];
    const gap = Math.abs(Math.log(w / h) - want);
    if (gap < bestGap) {
      best = r;
      bestGap = gap;
    }
  }
  return best;
}

/**
 * Vendors that only answer with image bytes: `response_format: "url"` is refused with a 400 naming
 * the parameter (under drop_params the images come back as b64_json instead). There is no URL to
 * give: the gateway stores nothing.
 */
export function refuseUrlFormat(request: ImageGenerationRequest, d: Deployment): void {
  if (request.response_format !== "url" || d.params.drop_params === true) return;
  throw new BadRequestError(
    `${d.provider} returns generated images as base64 only (model "${d.modelName}"): use response_format "b64_json", or set drop_params: true to get b64_json`,
    { param: "response_format", code: "unsupported_parameter" },
  );
}

/** Base64 images as OpenAI's answer (b64_json). */
export function b64Images(images: readonly string[], now: () => number): ImageGenerationResponse {
  return { created: Math.floor(now() / 1000), data: images.map((b64_json) => ({ b64_json })) };
}
