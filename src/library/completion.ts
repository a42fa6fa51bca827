import type { ChatCompletionRequest } from "../openai/chat-request.js";
import type { ChatCompletion, ChatCompletionChunk } from "../openai/chat-response.js";
import { chatOperation } from "../pipeline/operations/chat.js";
import { runOperation } from "../pipeline/run-operation.js";
import { renderError } from "../http/on-error.js";
import { errorForStatus, type GatewayError } from "../errors/gateway-error.js";
import { sseDecoder } from "../streaming/parse-sse.js";
import { libraryDeps, libraryRouter } from "./gateway.js";

export interface CompletionOptions extends Omit<ChatCompletionRequest, "model"> {
  /** "provider/model", e.g. "anthropic/claude-sonnet-4-5" or "openai/gpt-4o". */
  model: string;
  api_key?: string;
  api_base?: string;
  api_version?: string;
  /** Other litellm_params (vertex_project, aws_region_name, ...). */
  litellm_params?: Record<string, unknown>;
  fetch?: typeof fetch;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/**
 * One call through the gateway's adapters, no server: a ChatCompletion, or with
 * `stream: true` an async iterable of chunks. Errors are GatewayErrors.
 */
export function completion(opts: CompletionOptions & { stream: true }): Promise<AsyncIterable<ChatCompletionChunk>>;
export function completion(opts: CompletionOptions & { stream?: false | null }): Promise<ChatCompletion>;
export async function completion(
  opts: CompletionOptions,
): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>> {
  const { api_key, api_base, api_version, litellm_params, fetch: f, env, signal, ...request } = opts;
  const params: Record<string, unknown> = { ...litellm_params, model: opts.model };
  if (api_key !== undefined) params.api_key = api_key;
  if (api_base !== undefined) params.api_base = api_base;
  if (api_version !== undefined) params.api_version = api_version;
  const key = "library";
  const { deps, pending } = libraryDeps({
    config: {
      model_list: [{ model_name: opts.model, litellm_params: params }],
      general_settings: { master_key: key },
      litellm_settings: { num_retries: 0 },
    },
    env,
    fetch: f,
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });
  const res = await runOperation(deps, libraryRouter(deps), chatOperation, {
    principal: { kind: "master" },
    body: { kind: "json", text: JSON.stringify(request) },
    signal,
    requestId: deps.id("chatcmpl"),
  }).catch((e: unknown) => renderError(e, deps.log));
  void Promise.allSettled(pending);
  if (!res.ok) throw await errorFrom(res);
  if (!opts.stream) return (await res.json()) as ChatCompletion;
  return chunks(res.body!);
}

export async function errorFrom(res: Response): Promise<GatewayError> {
  const body = (await res.json().catch(() => ({}))) as {
    error?: { message?: string; code?: string | null; param?: string | null };
  };
  return errorForStatus(res.status, body.error?.message ?? `HTTP ${res.status}`, {
    code: body.error?.code ?? null,
    param: body.error?.param ?? null,
  });
}

async function* chunks(body: ReadableStream<Uint8Array>): AsyncIterable<ChatCompletionChunk> {
  const reader = body.pipeThrough(sseDecoder()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.data === "[DONE]") return;
      const parsed = JSON.parse(value.data) as ChatCompletionChunk & {
        error?: { message: string; code?: string | null };
      };
      if (parsed.error) throw errorForStatus(500, parsed.error.message, { code: parsed.error.code ?? null });
      yield parsed;
    }
  } finally {
    reader.releaseLock();
  }
}
