import type { ChatAdapter, Provider, UpstreamRequest } from "../provider.js";
import { buildOpenAIBody } from "../openai-compatible/convert-request.js";
import { toCompletion } from "../openai-compatible/convert-response.js";
import { openAIStreamMapper } from "../openai-compatible/stream.js";
import { parseAzureError } from "./error.js";
import { azureEmbeddings } from "./embeddings.js";
import { azureImages } from "./images.js";
import { azureTarget } from "./request.js";
import { azureSpeech } from "./speech.js";
import { azureTextCompletion } from "./text-completion.js";
import { azureTranscription } from "./transcription.js";
import type { AnthropicFieldRules } from "../openai-compatible/anthropic-fields.js";
import { OPENAI_REASONING_MODELS } from "../openai-compatible/vendors.js";

const PROVIDER = "azure";

/** Azure serves OpenAI's models: their reasoning models take reasoning_effort (matched on base_model too). */
const AZURE_RULES: AnthropicFieldRules = { reasoningModels: OPENAI_REASONING_MODELS, userMaxLength: 64 };

/** Azure OpenAI: deployment URL layout (or the v1 layout), `api-version`, `api-key` header. */
export const azureAdapter: ChatAdapter = {
  name: PROVIDER,
  streamFraming: "sse",
  unsupportedParams: () => [],
  buildRequest(ctx): UpstreamRequest {
    const { url, v1, headers } = azureTarget(ctx.deployment, "chat/completions");
    return { url, headers, body: buildOpenAIBody(ctx, { streamOptions: true, includeModel: v1, rules: AZURE_RULES }) };
  },
  parseResponse: (ctx, body) => toCompletion(ctx, body, PROVIDER),
  createStreamMapper: (ctx) => openAIStreamMapper(ctx, PROVIDER),
  parseError: (_ctx, res) => parseAzureError(res),
};

export const azureProvider: Provider = {
  name: PROVIDER,
  defaultEnv: { api_key: "AZURE_API_KEY", api_base: "AZURE_API_BASE", api_version: "AZURE_API_VERSION" },
  chat: azureAdapter,
  embeddings: azureEmbeddings,
  imageGeneration: azureImages,
  transcription: azureTranscription,
  speech: azureSpeech,
  textCompletion: azureTextCompletion,
};
