import type { ImageGenerationRequest, ImageGenerationResponse } from "../../openai/images.js";
import { parseGoogleError } from "../gemini/error.js";
import { IMAGEN_MAX_IMAGES, IMAGEN_UNSUPPORTED_PARAMS, imagenAnswer, imagenBody } from "../gemini/images.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { refuseUrlFormat } from "../shared/images.js";
import { vertexAuth } from "./auth.js";
import { DEFAULT_VERTEX_LOCATION, vertexUrl } from "./url.js";

const PROVIDER = "vertex_ai";

/**
 * Imagen on Vertex AI: POST .../publishers/google/models/{model}:predict, the same body and answer
 * as Imagen through the Gemini API (gemini/images.ts), Vertex credentials (or express mode's key).
 */
export const vertexImages: OperationAdapter<ImageGenerationRequest, ImageGenerationResponse> = {
  answer: "json",
  maxBatch: () => IMAGEN_MAX_IMAGES,
  unsupportedParams: () => IMAGEN_UNSUPPORTED_PARAMS,
  async buildRequest(ctx): Promise<UpstreamRequest> {
    const p = ctx.deployment.params;
    refuseUrlFormat(ctx.request, ctx.deployment);
    const auth = await vertexAuth(ctx, { expressAllowed: true });
    const url = vertexUrl({
      apiBase: p.api_base,
      project: auth.project,
      location: auth.project === undefined ? "global" : (p.vertex_location ?? DEFAULT_VERTEX_LOCATION),
      publisher: "google",
      model: ctx.deployment.model,
      method: "predict",
    });
    return {
      url,
      headers: { "content-type": "application/json", ...auth.headers },
      body: JSON.stringify(imagenBody(ctx.request)),
    };
  },
  parseResponse: (ctx, body) => imagenAnswer({ body, provider: PROVIDER, now: ctx.now }),
  parseError: (_ctx, res) => parseGoogleError(PROVIDER, res),
};
