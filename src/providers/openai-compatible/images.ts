import { BadRequestError } from "../../errors/gateway-error.js";
import type { ImageGenerationRequest, ImageGenerationResponse } from "../../openai/images.js";
import type { Deployment } from "../deployment.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { sizeOf } from "../shared/images.js";
import { parseUpstreamAs } from "../shared/json.js";
import { UpstreamImages } from "./api.js";
import { parseOpenAIError } from "./error.js";
import { baseOf, vendorHeaders } from "./vendor-request.js";
import type { VendorRow } from "./vendors.js";

/** gpt-image models always answer in base64 and take no response_format. */
function alwaysBase64(d: Deployment): boolean {
  return /^gpt-image/.test(d.modelInfo.base_model ?? d.model);
}

/** Images per call: dall-e-3 makes one (OpenAI refuses n > 1 for it); the others up to OpenAI's 10. */
export function openAIImagesPerCall(d: Deployment): number {
  return /^dall-e-3/.test(d.modelInfo.base_model ?? d.model) ? 1 : 10;
}

/**
 * The request body OpenAI's images endpoint takes for a deployment: on gpt-image models
 * `response_format` is removed when it asks for b64_json (what they return anyway) and refused
 * when it asks for url (removed under drop_params).
 */
export function openAIImagesBody(request: ImageGenerationRequest, d: Deployment): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request, model: d.model };
  if (alwaysBase64(d) && body.response_format != null) {
    if (body.response_format === "url" && d.params.drop_params !== true) {
      throw new BadRequestError(
        `${d.model} returns images as base64 only (model "${d.modelName}"): use response_format "b64_json" or leave it unset`,
        { param: "response_format", code: "unsupported_parameter" },
      );
    }
    delete body.response_format;
  }
  return body;
}

/** An OpenAI-shaped images answer validated and normalised (nulls dropped; `created` filled when absent). */
export function toImagesResponse(opts: {
  body: unknown;
  provider: string;
  now: () => number;
}): ImageGenerationResponse {
  const b = parseUpstreamAs(UpstreamImages, opts.body, opts.provider);
  const out: ImageGenerationResponse = {
    created: b.created ?? Math.floor(opts.now() / 1000),
    data: b.data.map((d) => ({
      ...(d.url ? { url: d.url } : {}),
      ...(d.b64_json ? { b64_json: d.b64_json } : {}),
      ...(d.revised_prompt ? { revised_prompt: d.revised_prompt } : {}),
    })),
  };
  const u = b.usage;
  if (u && (u.input_tokens != null || u.output_tokens != null)) {
    const input = u.input_tokens ?? 0;
    const output = u.output_tokens ?? 0;
    out.usage = { input_tokens: input, output_tokens: output, total_tokens: u.total_tokens ?? input + output };
    const details = u.input_tokens_details;
    if (details) {
      out.usage.input_tokens_details = {
        ...(details.text_tokens != null ? { text_tokens: details.text_tokens } : {}),
        ...(details.image_tokens != null ? { image_tokens: details.image_tokens } : {}),
      };
    }
  }
  for (const k of ["background", "output_format", "quality", "size"] as const) {
    const v = b[k];
    if (v) out[k] = v;
  }
  return out;
}

/** The vendor's own spelling of the request where its row says it differs from OpenAI's. */
function vendorSpelling(body: Record<string, unknown>, row: VendorRow): Record<string, unknown> {
  if (row.imageSize === "width-height" && typeof body.size === "string") {
    const s = sizeOf(body.size);
    delete body.size;
    if (s) Object.assign(body, s);
  }
  if (row.imageBase64Format && body.response_format === "b64_json") body.response_format = row.imageBase64Format;
  return body;
}

/** POST {base}/images/generations in OpenAI's shape. */
export function openAICompatibleImages(
  row: VendorRow,
): OperationAdapter<ImageGenerationRequest, ImageGenerationResponse> {
  return {
    answer: "json",
    maxBatch: openAIImagesPerCall,
    unsupportedParams: () => row.imagesUnsupported ?? [],
    buildRequest(ctx): UpstreamRequest {
      return {
        url: `${baseOf(row, ctx.deployment).replace(/\/+$/, "")}/images/generations`,
        headers: vendorHeaders(row, ctx.deployment),
        body: JSON.stringify(vendorSpelling(openAIImagesBody(ctx.request, ctx.deployment), row)),
      };
    },
    parseResponse: (ctx, body) => toImagesResponse({ body, provider: row.name, now: ctx.now }),
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}
