import type { ResponseStreamEvent } from "../responses/events.js";
import type { ResponseCreateRequest } from "../responses/request.js";
import type { ResponseObject } from "../responses/response.js";
import type { ResponseStore } from "../responses/store.js";
import { responsesOperation } from "../pipeline/operations/responses.js";
import { runOperation } from "../pipeline/run-operation.js";
import { renderError } from "../http/on-error.js";
import { errorForStatus } from "../errors/gateway-error.js";
import { MemoryResponseStore } from "../state/memory/response-store.js";
import { sseDecoder } from "../streaming/parse-sse.js";
import { errorFrom } from "./one-call.js";
import { libraryDeps, libraryRouter } from "./gateway.js";

export interface ResponsesOptions extends Omit<ResponseCreateRequest, "model"> {
  /** "provider/model", e.g. "anthropic/claude-sonnet-4-5" or "openai/gpt-4.1". */
  model: string;
  api_key?: string;
  api_base?: string;
  api_version?: string;
  /** Other litellm_params (vertex_project, aws_region_name, ...). */
  litellm_params?: Record<string, unknown>;
  fetch?: typeof fetch;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /**
   * Where responses are stored for `previous_response_id`, retrieve and input items; default: one
   * in-memory store shared by every call in this process (responses kept 30 days, or until it exits).
   */
  responseStore?: ResponseStore;
}

let processStore: ResponseStore | undefined;

/** The store `responses()` uses when the caller brings none. */
export function defaultResponseStore(): ResponseStore {
  processStore ??= new MemoryResponseStore({ now: () => Date.now() });
  return processStore;
}

/**
 * One Responses API call through the gateway's adapters, no server: a Response, or with `stream: true`
 * an async iterable of its events. OpenAI and Azure models run it natively, every other vendor through
 * translation; `previous_response_id` continues a conversation stored by an earlier call, on any vendor.
 * Errors are GatewayErrors.
 */
export function responses(opts: ResponsesOptions & { stream: true }): Promise<AsyncIterable<ResponseStreamEvent>>;
export function responses(opts: ResponsesOptions & { stream?: false | null }): Promise<ResponseObject>;
export async function responses(opts: ResponsesOptions): Promise<ResponseObject | AsyncIterable<ResponseStreamEvent>> {
  const { api_key, api_base, api_version, litellm_params, fetch: f, env, signal, responseStore, ...request } = opts;
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
    state: { responses: responseStore ?? defaultResponseStore() },
  });
  const res = await runOperation(deps, libraryRouter(deps), responsesOperation, {
    principal: { kind: "master" },
    body: { kind: "json", text: JSON.stringify(request) },
    signal,
    requestId: deps.id("resp"),
  }).catch((e: unknown) => renderError(e, deps.log));
  void Promise.allSettled(pending);
  if (!res.ok) throw await errorFrom(res);
  if (!opts.stream) return (await res.json()) as ResponseObject;
  return events(res.body!);
}

async function* events(body: ReadableStream<Uint8Array>): AsyncIterable<ResponseStreamEvent> {
  const reader = body.pipeThrough(sseDecoder()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const ev = JSON.parse(value.data) as ResponseStreamEvent;
      if (ev.type === "error") throw errorForStatus(502, ev.message, { code: ev.code });
      yield ev;
    }
  } finally {
    reader.releaseLock();
  }
}
