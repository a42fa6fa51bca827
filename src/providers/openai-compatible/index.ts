import type { ChatAdapter, Provider, ProviderContext, UpstreamRequest } from "../provider.js";
import { buildOpenAIBody } from "./convert-request.js";
import { toCompletion } from "./convert-response.js";
import { parseOpenAIError } from "./error.js";
import { openAIStreamMapper } from "./stream.js";
import type { VendorRow } from "./vendors.js";
import { baseOf, vendorHeaders } from "./vendor-request.js";
import { openAICompatibleEmbeddings } from "./embeddings.js";
import { openAICompatibleImages } from "./images.js";
import { openAICompatibleModeration } from "./moderation.js";
import { openAICompatibleRerank } from "./rerank.js";
import { openAICompatibleSpeech } from "./speech.js";
import { openAICompatibleTextCompletion } from "./text-completion.js";
import { openAICompatibleTranscription } from "./transcription.js";

export function chatCompletionsUrl(base: string): string {
  return `${base.replace(/\/+$/, "")}/chat/completions`;
}

/** The shared OpenAI-style adapter, instantiated once per vendor row. */
export function openAICompatibleAdapter(row: VendorRow): ChatAdapter {
  return {
    name: row.name,
    streamFraming: "sse",
    unsupportedParams: () => row.unsupported,
    buildRequest(ctx: ProviderContext): UpstreamRequest {
      return {
        url: chatCompletionsUrl(baseOf(row, ctx.deployment)),
        headers: vendorHeaders(row, ctx.deployment),
        body: buildOpenAIBody(ctx, { streamOptions: row.streamOptions, rules: row }),
      };
    },
    parseResponse: (ctx, body) => toCompletion(ctx, body, row.name),
    createStreamMapper: (ctx) => openAIStreamMapper(ctx, row.name),
    parseError: (_ctx, res) => parseOpenAIError(row.name, res),
  };
}

/** The environment variables an OpenAI-compatible vendor's deployments fall back to. */
function defaultEnvOf(row: VendorRow): Record<string, string> {
  const env: Record<string, string> = {};
  if (row.apiKeyEnv) env.api_key = row.apiKeyEnv;
  if (row.apiBaseEnv) env.api_base = row.apiBaseEnv;
  return env;
}

/** One OpenAI-compatible vendor row as a provider. */
export function openAICompatibleProvider(row: VendorRow): Provider {
  return {
    name: row.name,
    defaultEnv: defaultEnvOf(row),
    chat: row.chat === false ? undefined : openAICompatibleAdapter(row),
    embeddings: row.embeddings ? openAICompatibleEmbeddings(row) : undefined,
    imageGeneration: row.images ? openAICompatibleImages(row) : undefined,
    moderation: row.moderation ? openAICompatibleModeration(row) : undefined,
    transcription: row.transcription ? openAICompatibleTranscription(row) : undefined,
    speech: row.speech ? openAICompatibleSpeech(row) : undefined,
    textCompletion: row.textCompletion ? openAICompatibleTextCompletion(row) : undefined,
    rerank: openAICompatibleRerank(row),
  };
}
