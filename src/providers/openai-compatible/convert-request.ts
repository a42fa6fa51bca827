import type { ProviderContext } from "../provider.js";
import { type AnthropicFieldRules, withoutAnthropicFields } from "./anthropic-fields.js";

/**
 * OpenAI → OpenAI-compatible body: the request as the client sent it, with the vendor model id, less the
 * Anthropic fields the vendor would refuse (`rules`, the vendor's row).
 */
export function buildOpenAIBody(
  ctx: ProviderContext,
  opts: { streamOptions: boolean; includeModel?: boolean; rules: AnthropicFieldRules },
): string {
  const body: Record<string, unknown> = { ...withoutAnthropicFields(ctx.request, opts.rules, ctx.deployment) };
  if (opts.includeModel === false) delete body.model;
  else body.model = ctx.deployment.model;
  if (ctx.stream) {
    body.stream = true;
    // Always ask for usage so the gateway can account for the stream; the usage tap hides it from
    // clients that did not ask.
    if (opts.streamOptions) body.stream_options = { ...(ctx.request.stream_options ?? {}), include_usage: true };
    else delete body.stream_options;
  } else {
    delete body.stream;
    delete body.stream_options;
  }
  return JSON.stringify(body);
}
