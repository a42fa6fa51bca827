import { z } from "zod";
import type { ToolCall } from "../../openai/chat-request.js";
import type { AssistantMessage, ChatCompletion, Usage } from "../../openai/chat-response.js";
import type { ProviderContext } from "../provider.js";
import { makeUsage } from "../shared/chunks.js";
import { makeCompletion } from "../shared/completion.js";
import { parseUpstreamAs } from "../shared/json.js";
import { generatedToolCallId } from "../shared/tool-calls.js";
import { toCompletion as openAICompletion } from "../openai-compatible/convert-response.js";
import { WorkersAiAny, WorkersAiNative, type WorkersAiToolCall, type WorkersAiUsage } from "./api.js";
import { workersAiFinishReason } from "./finish-reason.js";
import { carriesError, workersAiInStreamError } from "./error.js";

const PROVIDER = "workers_ai";

const Envelope = z.looseObject({ success: z.literal(true), result: z.looseObject({}) });

/** Native arguments are an object (or a string, depending on the model): OpenAI wants a JSON string. */
export function argumentsText(v: unknown): string {
  if (typeof v === "string") return v;
  return JSON.stringify(v ?? {});
}

export function nativeToolCall(c: WorkersAiToolCall, id: string): ToolCall {
  return {
    id: c.id || id,
    type: "function",
    function: {
      name: c.function?.name ?? c.name ?? "",
      arguments: argumentsText(c.function?.arguments ?? c.arguments),
    },
  };
}

/** `response` is text; JSON mode may hand back the parsed object, some models a number. */
export function responseText(v: unknown): string {
  if (v == null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function workersAiUsage(u: WorkersAiUsage | null | undefined): Usage | undefined {
  if (!u) return undefined;
  const n = (v: number | null | undefined) => Math.max(0, Math.round(v ?? 0));
  return makeUsage(n(u.prompt_tokens), n(u.completion_tokens));
}

/** Native output → ChatCompletion. */
function nativeCompletion(ctx: ProviderContext, body: unknown): ChatCompletion {
  const r = parseUpstreamAs(WorkersAiNative, body, PROVIDER);
  const toolCalls = (r.tool_calls ?? []).map((c, i) => nativeToolCall(c, generatedToolCallId(ctx.requestId, i)));
  const text = responseText(r.response);
  const message: AssistantMessage = { role: "assistant", content: text || (toolCalls.length ? null : "") };
  if (toolCalls.length) message.tool_calls = toolCalls;
  return makeCompletion(ctx, {
    message,
    finishReason: workersAiFinishReason(r.finish_reason, toolCalls.length > 0),
    usage: workersAiUsage(r.usage),
  });
}

/**
 * A non-stream body from either transport: OpenAI-shaped (the REST endpoint, and models whose
 * binding output is a chat.completion) passes through; native `{response, tool_calls, usage}` is mapped.
 */
export function toCompletion(ctx: ProviderContext, body: unknown): ChatCompletion {
  const env = Envelope.safeParse(body);
  if (env.success) body = env.data.result;
  if (typeof body === "string") return nativeCompletion(ctx, { response: body });
  const any = parseUpstreamAs(WorkersAiAny, body, PROVIDER);
  if (carriesError(any)) throw workersAiInStreamError(body);
  if (any.choices) return openAICompletion(ctx, body, PROVIDER);
  return nativeCompletion(ctx, body);
}
