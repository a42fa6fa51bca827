/**
 * `vertex_ai/<model>`: Gemini and Claude on Google Cloud Vertex AI.
 *
 * - Gemini: POST https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/
 *   publishers/google/models/{model}:generateContent (stream: :streamGenerateContent?alt=sse); location
 *   "global" → host aiplatform.googleapis.com. Wire mapping shared with `gemini/` (src/providers/gemini).
 * - Claude (model id starting with "claude"): same path layout with publishers/anthropic and
 *   :rawPredict / :streamRawPredict; Anthropic Messages body without `model`, with
 *   `anthropic_version: "vertex-2023-10-16"`; URL images/documents are downloaded and sent as base64
 *   (Vertex rejects URL sources). Mapping shared with `anthropic/`.
 *
 * Params (defaults from the environment): vertex_project ← VERTEXAI_PROJECT (else the key's project_id),
 * vertex_location ← VERTEXAI_LOCATION (default us-central1), vertex_credentials ← VERTEXAI_CREDENTIALS
 * (the same names LiteLLM reads). vertex_credentials is the service-account key JSON as a string
 * (an RS256 JWT is exchanged at its token_uri for an access token, cached until 5 min before expiry),
 * an authorized-user JSON (refresh-token grant), or a bare OAuth access token. Without credentials,
 * `api_key` selects Vertex express mode for Gemini (x-goog-api-key, no project in the path).
 * `api_base` replaces the host (https://host[/v1]); the path stays the same.
 */
import {
  ANTHROPIC_UNSUPPORTED_PARAMS,
  createAnthropicStreamMapper,
  parseAnthropicResponse,
} from "../anthropic/index.js";
import {
  GEMINI_UNSUPPORTED_PARAMS,
  geminiStreamMapper,
  parseGoogleError,
  toGeminiBody,
  toGeminiCompletion,
} from "../gemini/index.js";
import type { ChatAdapter, Provider, ProviderContext, UpstreamRequest } from "../provider.js";
import { vertexAuth } from "./auth.js";
import { isClaudeModel, parseVertexClaudeError, vertexClaudeBody } from "./claude.js";
import { DEFAULT_VERTEX_LOCATION, vertexUrl } from "./url.js";
import { vertexEmbeddings } from "./embeddings.js";
import { vertexImages } from "./images.js";
import { vertexMessages } from "./messages.js";

const PROVIDER = "vertex_ai";

async function buildClaudeRequest(ctx: ProviderContext): Promise<UpstreamRequest> {
  const p = ctx.deployment.params;
  const [auth, { body, betas }] = await Promise.all([
    vertexAuth(ctx, { expressAllowed: false }),
    vertexClaudeBody(ctx, PROVIDER),
  ]);
  const headers: Record<string, string> = { "content-type": "application/json", ...auth.headers };
  if (betas.length) headers["anthropic-beta"] = betas.join(",");
  const url = vertexUrl({
    apiBase: p.api_base,
    project: auth.project,
    location: p.vertex_location ?? DEFAULT_VERTEX_LOCATION,
    publisher: "anthropic",
    model: ctx.deployment.model,
    method: ctx.stream ? "streamRawPredict" : "rawPredict",
  });
  return { url, headers, body: JSON.stringify(body) };
}

async function buildGeminiRequest(ctx: ProviderContext): Promise<UpstreamRequest> {
  const p = ctx.deployment.params;
  const [auth, body] = await Promise.all([vertexAuth(ctx, { expressAllowed: true }), toGeminiBody(ctx)]);
  const url = vertexUrl({
    apiBase: p.api_base,
    project: auth.project,
    location: auth.project === undefined ? "global" : (p.vertex_location ?? DEFAULT_VERTEX_LOCATION),
    publisher: "google",
    model: ctx.deployment.model,
    method: ctx.stream ? "streamGenerateContent" : "generateContent",
    query: ctx.stream ? "alt=sse" : undefined,
  });
  return { url, headers: { "content-type": "application/json", ...auth.headers }, body: JSON.stringify(body) };
}

export const vertexAdapter: ChatAdapter = {
  name: PROVIDER,
  streamFraming: "sse",
  unsupportedParams: (d) => (isClaudeModel(d.model) ? ANTHROPIC_UNSUPPORTED_PARAMS : GEMINI_UNSUPPORTED_PARAMS),
  buildRequest: (ctx) => (isClaudeModel(ctx.deployment.model) ? buildClaudeRequest(ctx) : buildGeminiRequest(ctx)),
  parseResponse: (ctx, body) =>
    isClaudeModel(ctx.deployment.model)
      ? parseAnthropicResponse(ctx, body, { provider: PROVIDER })
      : toGeminiCompletion(ctx, body, PROVIDER),
  createStreamMapper: (ctx) =>
    isClaudeModel(ctx.deployment.model)
      ? createAnthropicStreamMapper(ctx, { provider: PROVIDER })
      : geminiStreamMapper(ctx, PROVIDER),
  parseError: (ctx, res) =>
    isClaudeModel(ctx.deployment.model) ? parseVertexClaudeError(ctx, res, PROVIDER) : parseGoogleError(PROVIDER, res),
};

export const vertexProvider: Provider = {
  name: PROVIDER,
  defaultEnv: {
    vertex_project: "VERTEXAI_PROJECT",
    vertex_location: "VERTEXAI_LOCATION",
    vertex_credentials: "VERTEXAI_CREDENTIALS",
  },
  chat: vertexAdapter,
  embeddings: vertexEmbeddings,
  imageGeneration: vertexImages,
  messages: vertexMessages,
};
