import { z } from "zod";
import type { ImageGenerationRequest, ImageGenerationResponse } from "../../openai/images.js";
import type { Deployment } from "../deployment.js";
import type { OperationAdapter } from "../provider.js";
import { b64Images, refuseUrlFormat, sizeOf } from "../shared/images.js";
import { parseUpstreamAs, parseUpstreamText } from "../shared/json.js";
import { toBase64 } from "../shared/media.js";
import { runOutputOf, WorkersAiImage } from "./api.js";
import { nativeRequest, sendNative } from "./binding.js";
import { carriesError, parseWorkersAiError, workersAiInStreamError } from "./error.js";

const PROVIDER = "workers_ai";

const UNSUPPORTED = ["quality", "style", "background", "output_format", "output_compression", "moderation"] as const;

/** flux-1-schnell takes a prompt and a step count only (its image is 1024×1024). */
function promptOnly(d: Deployment): boolean {
  return /flux-1-schnell/.test(d.model);
}

/** The model's inputs: the prompt; size → width/height; its own knobs passed through when sent. */
function inputsOf(r: ImageGenerationRequest, d: Deployment): Record<string, unknown> {
  const inputs: Record<string, unknown> = { prompt: r.prompt };
  if (promptOnly(d)) {
    if (typeof r.steps === "number") inputs.steps = r.steps;
    return inputs;
  }
  const size = sizeOf(r.size);
  if (size) Object.assign(inputs, size);
  for (const k of ["negative_prompt", "num_steps", "guidance", "seed"] as const) {
    if (r[k] !== undefined && r[k] !== null) inputs[k] = r[k];
  }
  return inputs;
}

const OPEN_BRACE = 0x7b;

/**
 * What the model answered, as base64: the image bytes themselves (Stable Diffusion XL, DreamShaper,
 * Phoenix answer in binary), or JSON carrying base64 (flux-1-schnell; `{result: ...}` over REST).
 */
async function imageOf(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] !== OPEN_BRACE) return toBase64(bytes);
  const body = parseUpstreamText(z.unknown(), new TextDecoder().decode(bytes), PROVIDER);
  if (body && typeof body === "object" && carriesError(body)) throw workersAiInStreamError(body);
  return parseUpstreamAs(WorkersAiImage, runOutputOf(body), PROVIDER).image;
}

/**
 * Workers AI text-to-image through the AI binding or REST `{account}/ai/run/{model}`: one image per
 * call (n is split into calls). Binary answers become b64_json; `response_format: "url"` is a 400
 * (the gateway keeps no images to link to), or b64_json under drop_params.
 */
export const workersAiImages: OperationAdapter<ImageGenerationRequest, ImageGenerationResponse> = {
  answer: "raw",
  maxBatch: () => 1,
  unsupportedParams: (d) => (promptOnly(d) ? [...UNSUPPORTED, "size"] : UNSUPPORTED),
  buildRequest(ctx) {
    refuseUrlFormat(ctx.request, ctx.deployment);
    return nativeRequest(ctx, inputsOf(ctx.request, ctx.deployment));
  },
  send: (ctx, req) => sendNative(ctx, req),
  parseResponse: async (ctx, answer) => b64Images([await imageOf(answer as Response)], ctx.now),
  parseError: (_ctx, res) => parseWorkersAiError(res),
};
