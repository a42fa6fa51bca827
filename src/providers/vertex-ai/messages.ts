import { GATEWAY_ONLY_FIELDS } from "../../openai/gateway-fields.js";
import {
  betasFor,
  type NativeContext,
  type NativeInput,
  type NativeMessagesBuilder,
} from "../shared/native-messages.js";
import { editJsonObject } from "../shared/json-members.js";
import { createAnthropicEventReader, readNativeResponse } from "../shared/native-messages-usage.js";
import { CountTokensResponse } from "../../anthropic/count-tokens.js";
import { parseUpstreamText } from "../shared/json.js";
import { inlineUrlSources, urlSources } from "../shared/url-sources.js";
import type { UpstreamRequest } from "../provider.js";
import { vertexAuth } from "./auth.js";
import { isClaudeModel, parseVertexClaudeError, VERTEX_ANTHROPIC_VERSION } from "./claude.js";
import { DEFAULT_VERTEX_LOCATION, vertexUrl } from "./url.js";

const PROVIDER = "vertex_ai";

/** Betas Claude on Vertex AI accepts; a deployment's allowed_anthropic_betas replaces this list. */
export const VERTEX_DEFAULT_BETAS: readonly string[] = [
  "interleaved-thinking-2025-05-14",
  "context-1m-2025-08-07",
  "fine-grained-tool-streaming-2025-05-14",
  "token-efficient-tools-2025-02-19",
  "output-128k-2025-02-19",
  "computer-use-2025-01-24",
];

/**
 * The body edits Vertex needs: `anthropic_version` (unless the client set one), the model id only where
 * the endpoint wants it in the body (count-tokens), gateway-level fields removed, and URL sources
 * downloaded into base64 (Vertex rejects them; only then is `messages` re-serialised).
 */
async function vertexBody(ctx: NativeContext, input: NativeInput, model: string | undefined): Promise<string> {
  const set: Record<string, unknown> = { model };
  if (input.json.anthropic_version === undefined) set.anthropic_version = VERTEX_ANTHROPIC_VERSION;
  if (urlSources(input.json.messages).length > 0) {
    const messages = structuredClone(input.json.messages);
    await inlineUrlSources(messages, { fetch: ctx.fetch, signal: ctx.signal });
    set.messages = messages;
  }
  return editJsonObject(input.body, { set, remove: GATEWAY_ONLY_FIELDS });
}

async function request(ctx: NativeContext, input: NativeInput, count: boolean): Promise<UpstreamRequest> {
  const p = ctx.deployment.params;
  const [auth, body] = await Promise.all([
    vertexAuth(ctx, { expressAllowed: false }),
    vertexBody(ctx, input, count ? ctx.deployment.model : undefined),
  ]);
  const headers: Record<string, string> = { "content-type": "application/json", ...auth.headers };
  const betas = betasFor(ctx, input, VERTEX_DEFAULT_BETAS);
  if (betas.length > 0) headers["anthropic-beta"] = betas.join(",");
  const url = vertexUrl({
    apiBase: p.api_base,
    project: auth.project,
    location: p.vertex_location ?? DEFAULT_VERTEX_LOCATION,
    publisher: "anthropic",
    model: count ? "count-tokens" : ctx.deployment.model,
    method: count ? "rawPredict" : ctx.stream ? "streamRawPredict" : "rawPredict",
  });
  return { url, headers, body };
}

/**
 * Messages for Claude on Vertex AI, natively: :rawPredict / :streamRawPredict (model in the URL, not the
 * body; `anthropic_version: "vertex-2023-10-16"`), count-tokens:rawPredict (model in the body), OAuth
 * from vertex_credentials, betas as the `anthropic-beta` header. Answers pass back unchanged.
 */
export const vertexMessages: NativeMessagesBuilder = {
  provider: PROVIDER,
  streamFraming: "sse",
  supports: (d) => isClaudeModel(d.model),
  buildRequest: (ctx, input) => request(ctx, input, false),
  buildCountTokensRequest: (ctx, input) => request(ctx, input, true),
  readResponse: (text) => readNativeResponse(text, PROVIDER),
  readCountTokens: (text) => ({ input_tokens: parseUpstreamText(CountTokensResponse, text, PROVIDER).input_tokens }),
  createStreamReader: () => createAnthropicEventReader(PROVIDER),
  parseError: (ctx, res) => parseVertexClaudeError(ctx, res, PROVIDER),
};
