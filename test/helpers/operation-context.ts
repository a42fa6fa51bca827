import type { Deployment } from "../../src/providers/deployment.js";
import { providerNamed } from "../../src/providers/all.js";
import type { OperationAdapter, ProviderContext, UpstreamRequest } from "../../src/providers/provider.js";

export const OP_NOW = 1_750_000_000_000;
const noNetwork: typeof fetch = () => Promise.reject(new Error("no network in unit tests"));

/**
 * A ProviderContext for one operation adapter's unit test: `provider/model` with the given params,
 * the request as the operation hands it over (already validated), no network unless `fetch` is given.
 */
export function operationContext<Req>(opts: {
  provider: string;
  model: string;
  request: Req;
  params?: Record<string, unknown>;
  modelInfo?: Deployment["modelInfo"];
  bindings?: ProviderContext["bindings"];
  fetch?: typeof fetch;
}): ProviderContext<Req> {
  return {
    deployment: {
      id: "d1",
      modelName: "group",
      provider: opts.provider,
      model: opts.model,
      params: { model: `${opts.provider}/${opts.model}`, ...opts.params },
      modelInfo: opts.modelInfo ?? {},
      adapter: providerNamed(opts.provider)!,
    },
    request: opts.request,
    stream: false,
    fetch: opts.fetch ?? noNetwork,
    now: () => OP_NOW,
    requestId: "req-gw-1",
    cache: new Map(),
    bindings: opts.bindings ?? {},
  };
}

/** The JSON body of an upstream request. */
export function jsonBodyOf(req: UpstreamRequest): Record<string, unknown> {
  if (typeof req.body !== "string") throw new Error("expected a JSON string body");
  return JSON.parse(req.body) as Record<string, unknown>;
}

/** An upstream error as adapters receive it. */
export function upstreamError(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers), body: typeof body === "string" ? body : JSON.stringify(body) };
}

/** Build, then map a recorded answer, through one adapter. */
export async function roundTrip<Req, Res>(
  adapter: OperationAdapter<Req, Res>,
  ctx: ProviderContext<Req>,
  answer: unknown,
): Promise<{ req: UpstreamRequest; res: Res }> {
  const req = await adapter.buildRequest(ctx);
  const res = await adapter.parseResponse(ctx, answer);
  return { req, res };
}
