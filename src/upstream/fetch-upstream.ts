import { APIConnectionError, GatewayError } from "../errors/gateway-error.js";
import type { ProviderContext, UpstreamRequest } from "../providers/provider.js";
import { ClientClosedError } from "../errors/client-closed.js";
import type { AttemptScope } from "./abort.js";

/** Send the adapter's request with the deployment's extra headers; map transport failures. */
export async function fetchUpstream<Req>(opts: {
  /** The provider's name, for error messages. */
  provider: string;
  /** The adapter's own way to send, if it has one (a platform binding). */
  send?: (ctx: ProviderContext<Req>, req: UpstreamRequest) => Promise<Response>;
  ctx: ProviderContext<Req>;
  req: UpstreamRequest;
  scope: AttemptScope;
}): Promise<Response> {
  const { ctx, req, scope } = opts;
  const extra = ctx.deployment.params.extra_headers;
  const headers = extra ? { ...req.headers, ...extra } : req.headers;
  const init: RequestInit = { method: req.method ?? "POST", headers, body: req.body, signal: scope.signal };
  try {
    if (opts.send) return await opts.send({ ...ctx, signal: scope.signal }, { ...req, headers });
    return await ctx.fetch(req.url, init);
  } catch (e) {
    throw transportError(e, scope, opts.provider);
  }
}

/** A fetch/read failure as a gateway error: timeout, client gone, or connection failure. */
export function transportError(e: unknown, scope: AttemptScope, provider: string): unknown {
  const reason = scope.reasonFor(e);
  if (reason instanceof GatewayError || reason instanceof ClientClosedError) return reason;
  const msg = reason instanceof Error ? reason.message : String(reason);
  return new APIConnectionError(`connection to ${provider} failed: ${msg}`, {
    provider,
    code: "upstream_connection_error",
  });
}
