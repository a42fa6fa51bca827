import { z } from "zod";
import { BadGatewayError } from "../../errors/gateway-error.js";
import type { TextCompletionRequest } from "../../openai/completions.js";
import { FinishReason, type ChatCompletion, type ChatCompletionChunk, Usage } from "../../openai/chat-response.js";
import type { ProviderContext, StreamMapper } from "../provider.js";
import { nowSeconds } from "./chunks.js";
import { parseUpstreamAs } from "./json.js";

/**
 * A native legacy completion (`text_completion`) carried through the gateway's chat shapes: the
 * text as the message content (or delta), the vendor's logprobs kept as they are (already in the
 * legacy shape), so the shared stream machinery and the renderer (pipeline) serve both paths.
 */
const UpstreamTextChoice = z.looseObject({
  text: z.string().nullish(),
  index: z.number().int().nullish(),
  logprobs: z.unknown().optional(),
  finish_reason: z.string().nullish(),
});
const UpstreamTextCompletion = z.looseObject({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(UpstreamTextChoice).nullish(),
  usage: Usage.nullish(),
  error: z.unknown().optional(),
});

function finishOf(v: string | null | undefined): FinishReason | null {
  if (v == null) return null;
  const f = FinishReason.safeParse(v);
  return f.success ? f.data : "stop";
}

/** The legacy body: the request as sent with the vendor model; usage asked for on streams where the vendor can. */
export function textCompletionBody(
  ctx: ProviderContext<TextCompletionRequest>,
  opts: { model?: string; streamOptions: boolean },
): string {
  const body: Record<string, unknown> = { ...ctx.request };
  delete body.metadata;
  if (opts.model === undefined) delete body.model;
  else body.model = opts.model;
  if (ctx.stream) {
    body.stream = true;
    if (opts.streamOptions) body.stream_options = { ...(ctx.request.stream_options ?? {}), include_usage: true };
    else delete body.stream_options;
  } else {
    delete body.stream;
    delete body.stream_options;
  }
  return JSON.stringify(body);
}

/** A `text_completion` answer as a chat completion (text → message content, logprobs kept). */
export function textToChatCompletion(
  ctx: ProviderContext<TextCompletionRequest>,
  answer: { body: unknown; provider: string },
): ChatCompletion {
  const b = parseUpstreamAs(UpstreamTextCompletion, answer.body, answer.provider);
  const out: ChatCompletion = {
    id: b.id ?? ctx.requestId,
    object: "chat.completion",
    created: b.created ?? nowSeconds(ctx.now),
    model: b.model ?? ctx.deployment.model,
    choices: (b.choices ?? []).map((c, i) => ({
      index: c.index ?? i,
      message: { role: "assistant", content: c.text ?? "" },
      finish_reason: finishOf(c.finish_reason),
      logprobs: c.logprobs ?? null,
    })),
  };
  if (b.usage) out.usage = b.usage;
  if (b.system_fingerprint) out.system_fingerprint = b.system_fingerprint;
  return out;
}

/** A `text_completion` stream: each event one chunk (text → delta content), `[DONE]` ends it. */
export function textStreamMapper(ctx: ProviderContext<TextCompletionRequest>, provider: string): StreamMapper {
  return {
    onEvent(ev) {
      if (ev.data === "[DONE]") return ["done"];
      let value: unknown;
      try {
        value = JSON.parse(ev.data);
      } catch {
        throw new BadGatewayError(`${provider} sent an invalid stream event: ${ev.data.slice(0, 200)}`, { provider });
      }
      const b = parseUpstreamAs(UpstreamTextCompletion, value, provider);
      if (b.error)
        throw new BadGatewayError(`${provider} error in the stream: ${JSON.stringify(b.error).slice(0, 300)}`, {
          provider,
        });
      const chunk: ChatCompletionChunk = {
        id: b.id ?? ctx.requestId,
        object: "chat.completion.chunk",
        created: b.created ?? nowSeconds(ctx.now),
        model: b.model ?? ctx.deployment.model,
        choices: (b.choices ?? []).map((c, i) => ({
          index: c.index ?? i,
          delta: { content: c.text ?? "" },
          finish_reason: finishOf(c.finish_reason),
          logprobs: c.logprobs ?? null,
        })),
      };
      if (b.usage) chunk.usage = b.usage;
      if (b.system_fingerprint) chunk.system_fingerprint = b.system_fingerprint;
      return [chunk];
    },
  };
}
