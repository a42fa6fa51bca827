import type { Deployment } from "../../src/providers/deployment.js";
import { providerNamed } from "../../src/providers/all.js";
import type { AiBinding, OperationAdapter } from "../../src/providers/provider.js";
import { callOperation } from "../../src/upstream/call-operation.js";
import { NOW } from "./provider-context.js";

/** One deployment of a provider, as the config would resolve it. */
export function operationDeployment(opts: {
  provider: string;
  model: string;
  params?: Record<string, unknown>;
  modelInfo?: Deployment["modelInfo"];
  modelName?: string;
}): Deployment {
  return {
    id: "d1",
    modelName: opts.modelName ?? "group",
    provider: opts.provider,
    model: opts.model,
    params: { model: `${opts.provider}/${opts.model}`, ...opts.params },
    modelInfo: opts.modelInfo ?? {},
    adapter: providerNamed(opts.provider)!,
  };
}

/** What an adapter sent upstream. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  json(): Record<string, unknown>;
}

/**
 * One call of an operation adapter the way the gateway makes it (src/upstream/call-operation.ts):
 * the request it builds goes to `answer` (a fake vendor) instead of the network; the mapped result
 * or the mapped error comes back, with every request sent.
 */
export async function callAdapter<Req, Res>(opts: {
  adapter: OperationAdapter<Req, Res>;
  deployment: Deployment;
  request: Req;
  answer: (sent: SentRequest) => Response | Promise<Response>;
  bindings?: { ai?: AiBinding };
  now?: number;
}): Promise<{ result?: Res; error?: unknown; sent: SentRequest[] }> {
  const sent: SentRequest[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const body = typeof init?.body === "string" ? init.body : new TextDecoder().decode(init?.body as Uint8Array);
    const s: SentRequest = {
      url: String(url),
      method: init?.method ?? "GET",
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body,
      json: () => JSON.parse(body) as Record<string, unknown>,
    };
    sent.push(s);
    return opts.answer(s);
  }) as typeof globalThis.fetch;
  try {
    const result = await callOperation({
      adapter: opts.adapter,
      timeouts: { timeoutMs: 10_000 },
      ctx: {
        deployment: opts.deployment,
        request: opts.request,
        stream: false,
        fetch,
        now: () => opts.now ?? NOW,
        requestId: "req-1",
        cache: new Map(),
        bindings: opts.bindings ?? {},
      },
    });
    return { result, sent };
  } catch (error) {
    return { error, sent };
  }
}

/** A JSON response as a vendor sends it. */
export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "content-type": "application/json", ...init.headers },
  });
}

/** A recorded error fixture (`{status, headers, body}`) as the response. */
export function errorResponse(f: { status: number; headers?: Record<string, string>; body: unknown }): Response {
  return jsonResponse(f.body, { status: f.status, headers: f.headers });
}
