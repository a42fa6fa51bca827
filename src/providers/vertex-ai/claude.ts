import type { GatewayError } from "../../errors/gateway-error.js";
import { anthropicBetas, buildAnthropicBody, parseAnthropicError } from "../anthropic/index.js";
import { parseGoogleError } from "../gemini/index.js";
import { GoogleErrorBodyOrArray } from "../gemini/api.js";
import type { ProviderContext } from "../provider.js";
import { readJsonAs } from "../shared/json.js";
import { loadMedia } from "../shared/media.js";
import { mimeFromUri } from "../gemini/media-part.js";

export const VERTEX_ANTHROPIC_VERSION = "vertex-2023-10-16";

export function isClaudeModel(model: string): boolean {
  return /^claude/i.test(model);
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every `{source: {type: "url", url}}` block inside the messages (tool results included). */
function urlSources(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const n of node) urlSources(n, out);
  else if (isObj(node)) {
    const s = node.source;
    if (isObj(s) && s.type === "url" && typeof s.url === "string") out.push(s);
    for (const v of Object.values(node)) if (typeof v === "object") urlSources(v, out);
  }
  return out;
}

/** Claude on Vertex rejects URL sources: download them (https only, size-capped) into base64 sources. */
async function inlineUrlSources(messages: unknown, opts: { fetch: typeof fetch; signal?: AbortSignal }): Promise<void> {
  await Promise.all(
    urlSources(messages).map(async (s) => {
      const url = s.url as string;
      const media = await loadMedia(url, opts);
      const mediaType =
        media.mimeType === "application/octet-stream" ? (mimeFromUri(url) ?? media.mimeType) : media.mimeType;
      delete s.url;
      Object.assign(s, { type: "base64", media_type: mediaType, data: media.base64 });
    }),
  );
}

/**
 * The Anthropic Messages body as Vertex's rawPredict/streamRawPredict wants it: no `model` (it is in
 * the URL), `anthropic_version: "vertex-2023-10-16"`, media inlined. Returns the betas it needs too.
 */
export async function vertexClaudeBody(
  ctx: ProviderContext,
  provider: string,
): Promise<{ body: Json; betas: string[] }> {
  const body = buildAnthropicBody(ctx, { includeModel: false, provider });
  body.anthropic_version = VERTEX_ANTHROPIC_VERSION;
  await inlineUrlSources(body.messages, { fetch: ctx.fetch, signal: ctx.signal });
  return { body, betas: anthropicBetas(body, ctx.deployment.model) };
}

/**
 * Errors from Vertex's front end (quota, permissions, unknown model) are Google-shaped; errors from
 * the model itself are Anthropic-shaped. Map each with its own parser.
 */
export function parseVertexClaudeError(
  ctx: ProviderContext,
  res: { status: number; headers: Headers; body: string },
  provider: string,
): GatewayError {
  const g = readJsonAs(GoogleErrorBodyOrArray, res.body);
  const e = g ? (Array.isArray(g) ? g[0]!.error : g.error) : undefined;
  if (e && (e.status || typeof e.code === "number")) return parseGoogleError(provider, res);
  return parseAnthropicError(res, { provider, now: ctx.now() });
}
