import type { GatewayError } from "../../errors/gateway-error.js";
import { anthropicBetas, buildAnthropicBody, parseAnthropicError } from "../anthropic/index.js";
import { parseGoogleError } from "../gemini/index.js";
import { GoogleErrorBodyOrArray } from "../gemini/api.js";
import type { ProviderContext } from "../provider.js";
import { readJsonAs } from "../shared/json.js";
import { inlineUrlSources } from "../shared/url-sources.js";

export const VERTEX_ANTHROPIC_VERSION = "vertex-2023-10-16";

export function isClaudeModel(model: string): boolean {
  return /^claude/i.test(model);
}

/**
 * The Anthropic Messages body as Vertex's rawPredict/streamRawPredict wants it: no `model` (it is in
 * the URL), `anthropic_version: "vertex-2023-10-16"`, media inlined. Returns the betas it needs too.
 */
export async function vertexClaudeBody(
  ctx: ProviderContext,
  provider: string,
): Promise<{ body: Record<string, unknown>; betas: string[] }> {
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
  ctx: Pick<ProviderContext, "now">,
  res: { status: number; headers: Headers; body: string },
  provider: string,
): GatewayError {
  const g = readJsonAs(GoogleErrorBodyOrArray, res.body);
  const e = g ? (Array.isArray(g) ? g[0]!.error : g.error) : undefined;
  if (e && (e.status || typeof e.code === "number")) return parseGoogleError(provider, res);
  return parseAnthropicError(res, { provider, now: ctx.now() });
}
