/**
 * `gemini/<model>`: Google AI Studio (Gemini API, v1beta).
 *
 * POST {api_base or https://generativelanguage.googleapis.com}/v1beta/models/{model}:generateContent
 * (stream: :streamGenerateContent?alt=sse), key in `x-goog-api-key` (api_key ← GEMINI_API_KEY).
 *
 * Exports for other adapters speaking the same wire (vertex_ai): `toGeminiBody`, `toGeminiCompletion`,
 * `geminiStreamMapper`, `parseGoogleError`, `GEMINI_UNSUPPORTED_PARAMS`.
 *
 * Mapping decisions:
 * - system/developer → systemInstruction (a system-only conversation becomes one user turn); assistant →
 *   role "model"; tool results → functionResponse parts named after the call they answer (a JSON-object
 *   result is sent as the response object, anything else as `{content}`); consecutive turns of one role merge.
 * - Tool call ids are `call_<request>_<n>`; a functionCall's thoughtSignature rides in the id
 *   (`…__thought__<sig>`) and is restored when the id comes back. On Gemini 3, replayed calls without one get
 *   Google's `skip_thought_signature_validator` sentinel on the first call of the turn.
 * - Function parameters and json_schema response formats are cleaned to Gemini's Schema subset (schema.ts).
 * - Images: data: URLs → inlineData; gs://, Files API and YouTube URIs → fileData; other https URLs are
 *   downloaded (shared loadMedia: https only, size cap) → inlineData. input_audio / file parts likewise.
 * - reasoning_effort: Gemini 2.x budgets minimal 128, low 1024, medium 8192, high/xhigh 24576, none 0;
 *   Gemini 3+ levels low/high. includeThoughts is set; thought parts come back as reasoning_content.
 * - Usage: completion_tokens = candidates + thoughts (reasoning_tokens = thoughts); prompt_tokens include
 *   tool-use prompt tokens; cached_tokens = cachedContentTokenCount. Streams end with a usage-only chunk.
 * - STOP → stop, or tool_calls when the candidate called functions; MAX_TOKENS → length; safety-type
 *   reasons → content_filter. A prompt blocked with no candidates → ContentPolicyViolationError.
 */
import type { ChatAdapter, Provider, UpstreamRequest } from "../provider.js";
import { toGeminiBody } from "./convert-request.js";
import { toCompletion } from "./convert-response.js";
import { parseGoogleError } from "./error.js";
import { geminiStreamMapper } from "./stream.js";
import { geminiUrl } from "./url.js";
import { geminiEmbeddings } from "./embeddings.js";
import { geminiImages } from "./images.js";
import { missingGeminiKey } from "./key.js";

export { toGeminiBody } from "./convert-request.js";
export { toCompletion as toGeminiCompletion } from "./convert-response.js";
export { geminiStreamMapper } from "./stream.js";
export { parseGoogleError } from "./error.js";

const PROVIDER = "gemini";

/** OpenAI params with no Gemini equivalent. */
export const GEMINI_UNSUPPORTED_PARAMS = ["logit_bias", "logprobs", "top_logprobs"] as const;

export const geminiAdapter: ChatAdapter = {
  name: PROVIDER,
  streamFraming: "sse",
  unsupportedParams: () => GEMINI_UNSUPPORTED_PARAMS,
  async buildRequest(ctx): Promise<UpstreamRequest> {
    const key = ctx.deployment.params.api_key;
    if (!key) throw missingGeminiKey(ctx.deployment.modelName);
    return {
      url: geminiUrl({ apiBase: ctx.deployment.params.api_base, model: ctx.deployment.model, stream: ctx.stream }),
      headers: { "content-type": "application/json", "x-goog-api-key": key },
      body: JSON.stringify(await toGeminiBody(ctx)),
    };
  },
  parseResponse: (ctx, body) => toCompletion(ctx, body, PROVIDER),
  createStreamMapper: (ctx) => geminiStreamMapper(ctx, PROVIDER),
  parseError: (_ctx, res) => parseGoogleError(PROVIDER, res),
};

export const geminiProvider: Provider = {
  name: PROVIDER,
  defaultEnv: { api_key: "GEMINI_API_KEY" },
  chat: geminiAdapter,
  embeddings: geminiEmbeddings,
  imageGeneration: geminiImages,
};
