import type { ImageGenerationRequest, ImageGenerationResponse } from "../../openai/images.js";
import { openAIImagesBody, openAIImagesPerCall, toImagesResponse } from "../openai-compatible/images.js";
import type { OperationAdapter, UpstreamRequest } from "../provider.js";
import { parseAzureError } from "./error.js";
import { azureTarget } from "./request.js";

/**
 * Azure OpenAI image generation (dall-e-3, gpt-image-1): {base}/openai/deployments/{deployment}/
 * images/generations?api-version=X, or {base}/openai/v1/images/generations with the model in the
 * body; OpenAI's body and answer otherwise (gpt-image-1 needs an api_version that has it, e.g.
 * 2025-04-01-preview). A prompt the content filter stops is a ContentPolicyViolationError.
 */
export const azureImages: OperationAdapter<ImageGenerationRequest, ImageGenerationResponse> = {
  answer: "json",
  maxBatch: openAIImagesPerCall,
  buildRequest(ctx): UpstreamRequest {
    const { url, v1, headers } = azureTarget(ctx.deployment, "images/generations");
    const body = openAIImagesBody(ctx.request, ctx.deployment);
    if (!v1) delete body.model;
    return { url, headers, body: JSON.stringify(body) };
  },
  parseResponse: (ctx, body) => toImagesResponse({ body, provider: "azure", now: ctx.now }),
  parseError: (_ctx, res) => parseAzureError(res),
};
