import { z } from "zod";
import type { ProviderContext } from "../provider.js";
import { convertMessages } from "./convert-messages.js";
import { resolveMaxTokens, thinkingBudget } from "./thinking.js";
import { convertTools } from "./tools.js";

export const ANTHROPIC_VERSION = "2023-06-01";
export const DEFAULT_ANTHROPIC_API_BASE = "https://api.anthropic.com";

export interface AnthropicBodyOptions {
  /** Provider name used in error messages (default "anthropic"). */
  provider?: string;
  /** Put `model` (ctx.deployment.model) in the body (default true; Vertex AI puts it in the URL instead). */
  includeModel?: boolean;
}

/** Vendor-specific passthroughs an OpenAI client may add to the request. */
const Passthrough = z.looseObject({ top_k: z.number().int().positive().nullish() });

function stopSequences(stop: string | string[] | null | undefined): string[] | undefined {
  if (stop == null) return undefined;
  // Anthropic rejects whitespace-only stop sequences; drop them rather than fail the request.
  const list = (typeof stop === "string" ? [stop] : stop).filter((s) => s.trim() !== "");
  return list.length > 0 ? list : undefined;
}

/**
 * OpenAI chat request → Anthropic Messages body (an object; serialise with JSON.stringify).
 * `stream: true` is set for streaming requests. See index.ts for what maps to what.
 */
export function buildAnthropicBody(ctx: ProviderContext, opts: AnthropicBodyOptions = {}): Record<string, unknown> {
  const provider = opts.provider ?? "anthropic";
  const req = ctx.request;
  const budget = thinkingBudget(req);
  const { system, messages } = convertMessages(req.messages, provider);
  const body: Record<string, unknown> = {};
  if (opts.includeModel !== false) body.model = ctx.deployment.model;
  body.messages = messages;
  if (system.length > 0) body.system = system;
  body.max_tokens = resolveMaxTokens({
    req,
    model: ctx.deployment.model,
    configured: ctx.deployment.params.max_tokens,
    modelMax: ctx.deployment.modelInfo.max_output_tokens ?? ctx.deployment.modelInfo.max_tokens,
    budget,
  });
  if (budget !== undefined) body.thinking = { type: "enabled", budget_tokens: budget };
  if (req.temperature != null) body.temperature = req.temperature;
  if (req.top_p != null) body.top_p = req.top_p;
  const topK = Passthrough.safeParse(req);
  if (topK.success && topK.data.top_k != null) body.top_k = topK.data.top_k;
  const stop = stopSequences(req.stop);
  if (stop) body.stop_sequences = stop;
  if (req.user) body.metadata = { user_id: req.user };
  Object.assign(body, convertTools(req, { thinking: budget !== undefined }));
  if (ctx.stream) body.stream = true;
  return body;
}

/** Whether any block (or nested tool_result block) in the list asks for the 1-hour cache. */
function hasLongCacheTtl(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  return value.some((b: unknown) => {
    if (b === null || typeof b !== "object") return false;
    const o = b as { cache_control?: { ttl?: unknown }; content?: unknown };
    return o.cache_control?.ttl === "1h" || hasLongCacheTtl(o.content);
  });
}

/**
 * `anthropic-beta` values a body needs (empty for ordinary requests): the 1-hour cache TTL, and
 * Claude 3.7 Sonnet's 128k output when max_tokens exceeds its 64k default. Same list applies on Vertex.
 */
export function anthropicBetas(body: Record<string, unknown>, model: string): string[] {
  const betas: string[] = [];
  if (hasLongCacheTtl(body.system) || hasLongCacheTtl(body.messages) || hasLongCacheTtl(body.tools)) {
    betas.push("extended-cache-ttl-2025-04-11");
  }
  if (/claude-3-7-sonnet/.test(model) && typeof body.max_tokens === "number" && body.max_tokens > 64000) {
    betas.push("output-128k-2025-02-19");
  }
  return betas;
}

/** POST URL for a base given with or without /v1 (or as the full /v1/messages URL). */
export function anthropicMessagesUrl(apiBase: string | undefined): string {
  const base = (apiBase ?? DEFAULT_ANTHROPIC_API_BASE).replace(/\/+$/, "");
  if (/\/v1\/messages$/.test(base)) return base;
  return `${base.replace(/\/v1$/, "")}/v1/messages`;
}
