import { ContentPolicyViolationError } from "../../errors/gateway-error.js";
import type { ImageGenerationRequest, ImageGenerationResponse } from "../../openai/images.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { b64Images, nearestAspectRatio, refuseUrlFormat } from "../shared/images.js";
import { parseUpstreamAs } from "../shared/json.js";
import { ImagenPredictions } from "./api.js";
import { parseGoogleError } from "./error.js";
import { missingGeminiKey } from "./key.js";
import { geminiModelUrl } from "./url.js";

const PROVIDER = "gemini";

/** Imagen's aspect ratios; an OpenAI size becomes the nearest. */
const IMAGEN_ASPECT_RATIOS = ["1:1", "3:4", "4:3", "9:16", "16:9"] as const;

/** Most images one Imagen `predict` call makes (sampleCount). */
export const IMAGEN_MAX_IMAGES = 4;

/** OpenAI image params Imagen has no equivalent for (removed under drop_params, else 400). */
export const IMAGEN_UNSUPPORTED_PARAMS = [
  "quality",
  "style",
  "background",
  "output_format",
  "output_compression",
  "moderation",
] as const;

/**
 * An Imagen `predict` body: the prompt as the one instance; n → sampleCount, size → the nearest
 * aspectRatio; Imagen's own `negative_prompt`, `person_generation` and `seed` pass through when sent.
 */
export function imagenBody(r: ImageGenerationRequest): Record<string, unknown> {
  const parameters: Record<string, unknown> = { sampleCount: r.n ?? 1 };
  const aspectRatio = nearestAspectRatio(r.size, IMAGEN_ASPECT_RATIOS);
  if (aspectRatio) parameters.aspectRatio = aspectRatio;
  if (typeof r.negative_prompt === "string") parameters.negativePrompt = r.negative_prompt;
  if (typeof r.person_generation === "string") parameters.personGeneration = r.person_generation;
  if (typeof r.seed === "number") parameters.seed = r.seed;
  return { instances: [{ prompt: r.prompt }], parameters };
}

/** Imagen's predictions as OpenAI's b64_json answer; every image filtered is a content-policy error. */
export function imagenAnswer(opts: { body: unknown; provider: string; now: () => number }): ImageGenerationResponse {
  const b = parseUpstreamAs(ImagenPredictions, opts.body, opts.provider);
  const predictions = b.predictions ?? [];
  const images = predictions.flatMap((p) => (p.bytesBase64Encoded ? [p.bytesBase64Encoded] : []));
  if (images.length === 0) {
    const reason = predictions.find((p) => p.raiFilteredReason)?.raiFilteredReason;
    throw new ContentPolicyViolationError(
      `${opts.provider} error: no image was returned; the prompt or its images were filtered by the safety filters${reason ? `: ${reason}` : ""}`,
      { provider: opts.provider, code: "content_filter" },
    );
  }
  return b64Images(images, opts.now);
}

/** Imagen through the Gemini API: POST {base}/v1beta/models/{model}:predict with the API key. */
export const geminiImages: OperationAdapter<ImageGenerationRequest, ImageGenerationResponse> = {
  answer: "json",
  maxBatch: () => IMAGEN_MAX_IMAGES,
  unsupportedParams: () => IMAGEN_UNSUPPORTED_PARAMS,
  buildRequest(ctx): UpstreamRequest {
    const d = ctx.deployment;
    refuseUrlFormat(ctx.request, d);
    const key = d.params.api_key;
    if (!key) throw missingGeminiKey(d.modelName);
    return {
      url: geminiModelUrl({ apiBase: d.params.api_base, model: d.model, method: "predict" }),
      headers: { "content-type": "application/json", "x-goog-api-key": key },
      body: JSON.stringify(imagenBody(ctx.request)),
    };
  },
  parseResponse: (ctx, body) => imagenAnswer({ body, provider: PROVIDER, now: ctx.now }),
  parseError: (_ctx, res) => parseGoogleError(PROVIDER, res),
};
