import { errorForStatus, type GatewayError } from "../errors/gateway-error.js";
import { renderError } from "../http/on-error.js";
import type { GatewayRequest, Operation, RequestBody } from "../pipeline/operation.js";
import { runOperation } from "../pipeline/run-operation.js";
import { libraryDeps, libraryRouter } from "./gateway.js";

/** What every library call takes beside its operation's request. */
export interface CallOptions {
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
 * One call through the gateway's adapters and spine, no server: a one-deployment config for
 * `model`, in-memory state, the operation run as the master key. A failure is the GatewayError
 * the HTTP API would have answered with.
 */
export async function callOnce<Req extends GatewayRequest, Out>(
  op: Operation<Req, Out>,
  opts: CallOptions & Record<string, unknown>,
  /** The body as a route would receive it; the request's own fields as JSON when absent. */
  body?: RequestBody,
): Promise<Response> {
  const { api_key, api_base, api_version, litellm_params, fetch: f, env, signal, ...request } = opts;
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
  const res = await runOperation(deps, libraryRouter(deps), op, {
    principal: { kind: "master" },
    body: body ?? { kind: "json", text: JSON.stringify(request) },
    signal,
    requestId: deps.id("chatcmpl"),
  }).catch((e: unknown) => renderError(e, deps.log));
  void Promise.allSettled(pending);
  if (!res.ok) throw await errorFrom(res);
  return res;
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
