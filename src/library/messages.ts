import type { MessagesRequest } from "../anthropic/request.js";
import type { Message } from "../anthropic/response.js";
import { StreamEvent } from "../anthropic/stream-events.js";
import { AnthropicErrorType } from "../anthropic/error.js";
import { STATUS_OF_TYPE } from "../codecs/messages/error.js";
import { errorForStatus } from "../errors/gateway-error.js";
import { messagesOperation } from "../pipeline/operations/messages.js";
import { parseBetaHeader } from "../providers/shared/anthropic-betas.js";
import { runOperation } from "../pipeline/run-operation.js";
import { sseDecoder } from "../streaming/parse-sse.js";
import { libraryDeps, libraryRouter } from "./gateway.js";

export interface MessagesOptions extends Omit<MessagesRequest, "model"> {
  /** "provider/model", e.g. "anthropic/claude-sonnet-4-5", "openai/gpt-5" or "gemini/gemini-2.5-flash". */
  model: string;
  api_key?: string;
  api_base?: string;
  api_version?: string;
  /** Other litellm_params (vertex_project, aws_region_name, allowed_anthropic_betas, ...). */
  litellm_params?: Record<string, unknown>;
  /** `anthropic-version` for a Claude deployment (default 2023-06-01). */
  anthropic_version?: string;
  /** `anthropic-beta` values, passed on where the deployment allows them. */
  anthropic_beta?: string[];
  fetch?: typeof fetch;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/**
 * One Anthropic Messages call through the gateway's adapters, no server: natively on Claude (Anthropic,
 * Vertex AI, Bedrock), translated on every other provider. A Message, or with `stream: true` an async
 * iterable of Anthropic's stream events. Errors are GatewayErrors (an `error` event in a stream too).
 */
export function messages(opts: MessagesOptions & { stream: true }): Promise<AsyncIterable<StreamEvent>>;
export function messages(opts: MessagesOptions & { stream?: false }): Promise<Message>;
export async function messages(opts: MessagesOptions): Promise<Message | AsyncIterable<StreamEvent>> {
  const {
    api_key,
    api_base,
    api_version,
    litellm_params,
    anthropic_version,
    anthropic_beta,
    fetch: f,
    env,
    signal,
    ...request
  } = opts;
  const params: Record<string, unknown> = { ...litellm_params, model: opts.model };
  if (api_key !== undefined) params.api_key = api_key;
  if (api_base !== undefined) params.api_base = api_base;
  if (api_version !== undefined) params.api_version = api_version;
  const { deps, pending } = libraryDeps({
    config: {
      model_list: [{ model_name: opts.model, litellm_params: params }],
      general_settings: { master_key: "library" },
      litellm_settings: { num_retries: 0 },
    },
    env,
    fetch: f,
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });
  const headers = {
    betas: parseBetaHeader(anthropic_beta),
    ...(anthropic_version ? { version: anthropic_version } : {}),
  };
  const res = await runOperation(deps, libraryRouter(deps), messagesOperation(headers), {
    principal: { kind: "master" },
    body: { kind: "json", text: JSON.stringify(request) },
    signal,
    requestId: deps.id("msg"),
  });
  void Promise.allSettled(pending);
  if (!opts.stream) return (await res.json()) as Message;
  return events(res.body!);
}

async function* events(body: ReadableStream<Uint8Array>): AsyncIterable<StreamEvent> {
  const reader = body.pipeThrough(sseDecoder()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const event = StreamEvent.parse(JSON.parse(value.data));
      if (event.type === "error") {
        const { type, message } = event.error;
        const known = AnthropicErrorType.safeParse(type);
        throw errorForStatus(known.success ? STATUS_OF_TYPE[known.data] : 500, message, { code: type });
      }
      yield event;
    }
  } finally {
    reader.releaseLock();
  }
}
