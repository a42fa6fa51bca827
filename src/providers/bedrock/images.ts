import { BadRequestError, ContentPolicyViolationError, type GatewayError } from "../../errors/gateway-error.js";
import type { ImageGenerationRequest, ImageGenerationResponse } from "../../openai/images.js";
import type { Deployment } from "../deployment.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { b64Images, nearestAspectRatio, refuseUrlFormat, sizeOf } from "../shared/images.js";
import { parseUpstreamAs } from "../shared/json.js";
import { SdxlArtifacts, StabilityImages, TitanImages } from "./api.js";
import { authHeaders } from "./auth.js";
import { parseBedrockError, PROVIDER } from "./error.js";
import { invokeUrl, modelIdOf } from "./url.js";

type Family = "titan" | "stability" | "sdxl";

/** Titan Image Generator v1/v2 and Nova Canvas share one body; Stability's newer models another; SDXL its own. */
function familyOf(d: Deployment): Family | undefined {
  const id = d.modelInfo.base_model ?? modelIdOf(d.model);
  if (/(^|\.)amazon\.(titan-image-generator|nova-canvas)/.test(id)) return "titan";
  if (/(^|\.)stability\.stable-diffusion-xl/.test(id)) return "sdxl";
  if (/(^|\.)stability\./.test(id)) return "stability";
  return undefined;
}

function familyFor(d: Deployment): Family {
  const f = familyOf(d);
  if (f) return f;
  throw new BadRequestError(
    `model "${d.modelName}" (bedrock/${d.model}) is not a Bedrock image model the gateway can call (Titan Image Generator, Nova Canvas or Stability; set model_info.base_model for an ARN)`,
    { code: "unsupported_model" },
  );
}

/** Stability's aspect ratios (SD3.5 Large, Stable Image Ultra and Core). */
const STABILITY_ASPECT_RATIOS = ["16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"] as const;

/** Most images per call: Titan and Nova Canvas make up to 5; Stability models one. */
const MAX_IMAGES: Record<Family, number> = { titan: 5, stability: 1, sdxl: 1 };

const ALWAYS_UNSUPPORTED = ["style", "background", "output_compression", "moderation"] as const;

/** OpenAI's quality as Titan's: hd / high / premium → premium, anything else → standard. */
function titanQuality(q: string | null | undefined): string | undefined {
  if (!q) return undefined;
  return q === "hd" || q === "high" || q === "premium" ? "premium" : "standard";
}

function titanBody(r: ImageGenerationRequest): Record<string, unknown> {
  const config: Record<string, unknown> = { numberOfImages: r.n ?? 1 };
  const size = sizeOf(r.size);
  if (size) Object.assign(config, size);
  const quality = titanQuality(r.quality);
  if (quality) config.quality = quality;
  if (typeof r.seed === "number") config.seed = r.seed;
  if (typeof r.cfg_scale === "number") config.cfgScale = r.cfg_scale;
  const params: Record<string, unknown> = { text: r.prompt };
  if (typeof r.negative_prompt === "string") params.negativeText = r.negative_prompt;
  return { taskType: "TEXT_IMAGE", textToImageParams: params, imageGenerationConfig: config };
}

function stabilityBody(r: ImageGenerationRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { prompt: r.prompt, mode: "text-to-image" };
  const ratio = nearestAspectRatio(r.size, STABILITY_ASPECT_RATIOS);
  if (ratio) body.aspect_ratio = ratio;
  if (r.output_format === "png" || r.output_format === "jpeg") body.output_format = r.output_format;
  if (typeof r.seed === "number") body.seed = r.seed;
  if (typeof r.negative_prompt === "string") body.negative_prompt = r.negative_prompt;
  return body;
}

function sdxlBody(r: ImageGenerationRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { text_prompts: [{ text: r.prompt }], samples: 1 };
  const size = sizeOf(r.size);
  if (size) Object.assign(body, size);
  if (typeof r.seed === "number") body.seed = r.seed;
  if (typeof r.cfg_scale === "number") body.cfg_scale = r.cfg_scale;
  if (typeof r.steps === "number") body.steps = r.steps;
  return body;
}

const BODY: Record<Family, (r: ImageGenerationRequest) => Record<string, unknown>> = {
  titan: titanBody,
  stability: stabilityBody,
  sdxl: sdxlBody,
};

function filtered(reason: string): GatewayError {
  return new ContentPolicyViolationError(`${PROVIDER} error: ${reason}`, {
    provider: PROVIDER,
    code: "content_filter",
  });
}

/** The model's answer as base64 images; a filtered prompt or image is a content-policy error. */
function imagesOf(family: Family, body: unknown): string[] {
  if (family === "titan") {
    const b = parseUpstreamAs(TitanImages, body, PROVIDER);
    if (b.error && !b.images?.length) throw filtered(b.error);
    return b.images ?? [];
  }
  if (family === "stability") {
    const b = parseUpstreamAs(StabilityImages, body, PROVIDER);
    const reason = b.finish_reasons?.find((r) => r !== null);
    if (reason) throw filtered(reason);
    return b.images ?? [];
  }
  const b = parseUpstreamAs(SdxlArtifacts, body, PROVIDER);
  const artifacts = b.artifacts ?? [];
  const blocked = artifacts.find((a) => a.finishReason === "CONTENT_FILTERED");
  if (blocked) throw filtered("the image was filtered (CONTENT_FILTERED)");
  return artifacts.flatMap((a) => (a.base64 ? [a.base64] : []));
}

/**
 * Bedrock image generation through InvokeModel (POST /model/{id}/invoke, SigV4 or a Bedrock API
 * key). Titan Image Generator v1/v2 and Nova Canvas: TEXT_IMAGE with n → numberOfImages (≤ 5 per
 * call), size → width/height, quality hd/high → premium. Stability SD3.5 / Stable Image Ultra and
 * Core: one image per call, size → the nearest aspect_ratio, output_format png/jpeg. Stable
 * Diffusion XL: text_prompts, width/height. `negative_prompt` and `seed` pass through where the
 * model has them. Images come back as b64_json only (response_format url is a 400).
 */
export const bedrockImages: OperationAdapter<ImageGenerationRequest, ImageGenerationResponse> = {
  answer: "json",
  maxBatch: (d) => MAX_IMAGES[familyOf(d) ?? "stability"],
  unsupportedParams(d) {
    const f = familyOf(d);
    if (f === "titan") return [...ALWAYS_UNSUPPORTED, "output_format"];
    return [...ALWAYS_UNSUPPORTED, "quality", ...(f === "sdxl" ? ["output_format"] : [])];
  },
  async buildRequest(ctx): Promise<UpstreamRequest> {
    refuseUrlFormat(ctx.request, ctx.deployment);
    const body = JSON.stringify(BODY[familyFor(ctx.deployment)](ctx.request));
    const url = invokeUrl(ctx.deployment);
    return { url, method: "POST", headers: await authHeaders({ ctx, url, body }), body };
  },
  parseResponse: (ctx, body) => b64Images(imagesOf(familyFor(ctx.deployment), body), ctx.now),
  parseError: (_ctx, res) => parseBedrockError(res),
};
