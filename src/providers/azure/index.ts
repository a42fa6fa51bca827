import { BadRequestError } from "../../errors/gateway-error.js";
import type { ChatAdapter, Provider, UpstreamRequest } from "../provider.js";
import { buildOpenAIBody } from "../openai-compatible/convert-request.js";
import { toCompletion } from "../openai-compatible/convert-response.js";
import { openAIStreamMapper } from "../openai-compatible/stream.js";
import { parseAzureError } from "./error.js";
import { azureSpeech } from "./speech.js";
import { azureTextCompletion } from "./text-completion.js";
import { azureTranscription } from "./transcription.js";
import { azureUrl } from "./url.js";

const PROVIDER = "azure";

/** Azure OpenAI: deployment URL layout (or the v1 layout), `api-version`, `api-key` header. */
export const azureAdapter: ChatAdapter = {
  name: PROVIDER,
  streamFraming: "sse",
  unsupportedParams: () => [],
  buildRequest(ctx): UpstreamRequest {
    const p = ctx.deployment.params;
    if (!p.api_base)
      throw new BadRequestError(`model "${ctx.deployment.modelName}" (azure) needs api_base`, {
        code: "missing_api_base",
      });
    if (!p.api_key)
      throw new BadRequestError(
        `model "${ctx.deployment.modelName}" (azure) has no api_key (set litellm_params.api_key or AZURE_API_KEY)`,
        { code: "missing_api_key" },
      );
    const { url, v1 } = azureUrl(p.api_base, ctx.deployment.model, p.api_version);
    return {
      url,
      headers: { "content-type": "application/json", "api-key": p.api_key },
      body: buildOpenAIBody(ctx, { streamOptions: true, includeModel: v1 }),
    };
  },
  parseResponse: (ctx, body) => toCompletion(ctx, body, PROVIDER),
  createStreamMapper: (ctx) => openAIStreamMapper(ctx, PROVIDER),
  parseError: (_ctx, res) => parseAzureError(res),
};

export const azureProvider: Provider = {
  name: PROVIDER,
  defaultEnv: { api_key: "AZURE_API_KEY", api_base: "AZURE_API_BASE", api_version: "AZURE_API_VERSION" },
  chat: azureAdapter,
  transcription: azureTranscription,
  speech: azureSpeech,
  textCompletion: azureTextCompletion,
};
